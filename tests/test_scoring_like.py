"""``score(…, like=…)``: a review's corrected answers are scored taking what the village's own
scoring already took from every unchanged answer (the roll-up of reviewed workbooks pays for the
corrections only). The result is the same as scoring from scratch, whatever is corrected."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_scoring_properties import SETTINGS, answers, assess, fixed

from checklist.rubric import Rubric
from checklist.rubric.kinds import KINDS
from checklist.scoring import score
from checklist.scoring.compiled import forget


@st.composite
def _village_and_corrections(draw: st.DrawFn) -> tuple[Rubric, dict[str, Any], dict[str, Any]]:
    rubric = draw(fixed())
    village = draw(answers(rubric, junk_rate=3))
    other = draw(answers(rubric, junk_rate=3))
    ids = [i.id for i in rubric.items()]
    changed = draw(st.lists(st.sampled_from(ids), max_size=4, unique=True))
    corrected = dict(village)
    for item_id in changed:
        if item_id in other:
            corrected[item_id] = other[item_id]
        else:
            corrected.pop(item_id, None)
    return rubric, village, corrected


@SETTINGS
@given(_village_and_corrections())
def test_scoring_like_the_village_gives_the_same_result(case: tuple[Rubric, dict[str, Any], dict[str, Any]]) -> None:
    rubric, village_data, corrected_data = case
    village = assess(rubric, village_data)
    # the corrected assessment shares the village's Answer objects where nothing changed, as apply_review's does
    fresh = assess(rubric, corrected_data)
    answers_ = {
        k: (village.answers[k] if k in village.answers and corrected_data.get(k) == village_data.get(k) else a)
        for k, a in fresh.answers.items()
    }
    corrected = village.model_copy(update={"answers": answers_})
    mine = score(rubric, village)
    assert score(rubric, corrected, like=mine) == score(rubric, corrected)


@SETTINGS
@given(fixed().flatmap(lambda r: st.tuples(st.just(r), answers(r, junk_rate=3), answers(r, junk_rate=3))))
def test_what_each_answer_gave_before_gives_the_same_result(case: tuple[Rubric, dict[str, Any], dict[str, Any]]) -> None:
    """Each distinct answer value is checked, worded and scored once per rubric and profile in a
    process: a village scored after others (whose values it shares) as when scored first."""
    rubric, first, second = case
    forget()
    cold = score(rubric, assess(rubric, second))
    forget()
    score(rubric, assess(rubric, first))
    score(rubric, assess(rubric, second))  # every value of ``second`` seen once already
    assert score(rubric, assess(rubric, second)) == cold


def test_only_changed_answers_are_checked_again(monkeypatch: pytest.MonkeyPatch) -> None:
    from pathlib import Path

    from report_helpers import load_example

    from checklist.assessment import Answer

    loaded, village, mine = load_example(
        Path(__file__).resolve().parent.parent / "examples" / "village-star-complete.json"
    )
    answers_ = dict(village.answers)
    answers_["strongest_branch"] = Answer(value="none", note="县级命名文件未提供")
    corrected = village.model_copy(update={"answers": answers_})
    seen: list[object] = []

    def counting(real: Any) -> Any:
        def check(rule: Any, value: Any, p: Any) -> Any:
            seen.append(value)
            return real(rule, value, p)

        return check

    for kind in KINDS.values():  # each kind checks its answers (checklist/rubric/kinds/)
        monkeypatch.setattr(kind, "check", counting(kind.check))
    forget()  # no answer value checked before in this process
    got = score(loaded.rubric, corrected, like=mine)
    assert seen == ["none"]  # the one corrected answer; every other is the village's, taken once
    monkeypatch.undo()
    assert got == score(loaded.rubric, corrected)
    # another profile, or no like: everything is taken afresh
    assert score(loaded.rubric, corrected, "accelerated", like=mine) == score(loaded.rubric, corrected, "accelerated")
