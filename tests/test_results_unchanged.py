"""Compiling the scoring once per (rubric, profile) and building each ``why`` only when it is read
(issue 8) changed no field of any result: every field of every Result, on the shipped and
generated rubrics under many answer sets, is what scoring gave before (tests/results_support.py)."""

from __future__ import annotations

import gzip
import json
import pickle

from kinds_support import answer_sets, rubrics
from results_support import FIXTURE, as_text, capture

from checklist.assessment import Assessment
from checklist.scoring import score


def test_every_field_of_every_result_is_as_before() -> None:
    before = json.loads(gzip.decompress(FIXTURE.read_bytes()))
    now = json.loads(as_text(capture()))
    assert sorted(now) == sorted(before)
    for key, runs in before.items():
        for n, (got, was) in enumerate(zip(now[key], runs, strict=True)):
            assert got["json"] == was["json"], f"{key} run {n}"
            assert got["result"] == was["result"], f"{key} run {n}"


def test_a_rescoring_that_reuses_the_last_result_gives_the_same_result() -> None:
    """``like=``: a review changes a few answers and scores again from the last Result."""
    for _, rubric in rubrics():
        first, *others = answer_sets(rubric)
        last = score(rubric, Assessment.model_validate(first))
        for data in others:
            changed = Assessment.model_validate({**first, "answers": {**first["answers"], **_some(data)}})
            again = score(rubric, changed, like=last)
            assert again == score(rubric, changed)
            assert [i.why for i in again.items] == [i.why for i in score(rubric, changed).items]


def test_a_result_pickles_whole_with_its_reasons_written_out() -> None:
    """Worker processes send results back: a ``why`` not yet read is written out, not lost."""
    for _, rubric in rubrics()[:2]:
        data = answer_sets(rubric)[0]
        result = score(rubric, Assessment.model_validate(data))
        back = pickle.loads(pickle.dumps(result))
        assert back == score(rubric, Assessment.model_validate(data))
        assert [i.why for i in back.items] == [i.why for i in result.items]


def _some(data: dict[str, object]) -> dict[str, object]:
    answers = data["answers"]
    assert isinstance(answers, dict)
    return dict(list(answers.items())[::7])


def test_a_rubric_sent_to_a_worker_leaves_its_compiled_form_behind() -> None:
    """Worker processes get the rubric pickled: what scoring compiled and remembered (functions
    among it) stays in this process, and the copy scores as the original does."""
    _, rubric = rubrics()[0]
    data = answer_sets(rubric)[0]
    before = score(rubric, Assessment.model_validate(data))
    copy = pickle.loads(pickle.dumps(rubric))
    assert score(copy, Assessment.model_validate(data)) == before
    changed = rubric.model_copy(update={"title": rubric.title + "（修订）"})
    assert score(changed, Assessment.model_validate(data)) == before
