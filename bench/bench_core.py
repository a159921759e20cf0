"""Core benchmarks: loading a large rubric, and scoring it."""

from __future__ import annotations

from collections.abc import Callable

import yaml
from gen import assessment_data, rubric_yaml
from harness import Case, benchmark

from checklist.assessment import Assessment
from checklist.rubric import Rubric, cache, check_bytes
from checklist.scoring import score
from checklist.scoring.compiled import forget

ITEMS = 1000


@benchmark
def load_rubric() -> Case:
    """Load+validate a generated 1,000-item rubric vs PyYAML's C loader parsing it.

    Ours reads, validates and checks it (what ``checklist validate`` and every command do
    first); the floor merely parses the same text."""
    text = rubric_yaml(ITEMS)
    raw = text.encode("utf-8")
    rubric, problems = check_bytes(raw, "bench.yaml")
    assert rubric is not None and not problems, problems[:3]
    assert len(rubric.items()) == ITEMS

    def ours() -> object:
        cache.forget()  # a real read each time, not this process's cache of validated rubrics
        return check_bytes(raw, "bench.yaml")

    def floor() -> object:
        return yaml.load(text, Loader=yaml.CSafeLoader)

    return Case(f"load+validate {ITEMS}-item rubric ({len(raw) // 1024} KB)", ours, floor, 2.0, "yaml CSafeLoader")


@benchmark
def open_draft() -> Case:
    """Open a 1,000-item draft (as the TUI does: its rubric, answers and Result) vs PyYAML's C
    loader parsing that rubric file (issue 8 §4).

    Each open starts with this process's rubric cache emptied, as a new process would: the
    rubric comes from the validated form the store keeps, not from its YAML again."""
    import atexit
    import shutil
    import tempfile
    from pathlib import Path

    from bench_tui import store_with_big_draft

    from checklist.rubric import cache
    from checklist.store import Store
    from checklist.tui.session import Session

    folder = Path(tempfile.mkdtemp(prefix="checklist-bench-draft-"))
    atexit.register(shutil.rmtree, folder, True)
    path = store_with_big_draft(folder, ITEMS)
    text = (folder / "big.yaml").read_text(encoding="utf-8")
    store = Store.open(path)
    draft = store.drafts()[0].id

    def ours() -> object:
        cache.forget()
        session = Session.open(store, draft)
        store.release(draft)
        return session

    def floor() -> object:
        return yaml.load(text, Loader=yaml.CSafeLoader)

    assert len(ours().rubric.items()) == ITEMS  # type: ignore[attr-defined]
    return Case(
        f"open a {ITEMS}-item draft (rubric from the store's form)", ours, floor, 1.0, "yaml CSafeLoader of its rubric"
    )


def _results_floor() -> tuple[Rubric, Assessment, Callable[[], object]]:
    """The generated rubric, its answers, and the floor: their 1,000 item results built again
    from the fields scoring gave them."""
    import dataclasses

    rubric, problems = check_bytes(rubric_yaml(ITEMS).encode("utf-8"), "bench.yaml")
    assert rubric is not None and not problems
    assessment = Assessment.model_validate(assessment_data(rubric))
    done = score(rubric, assessment).items
    fields = [dataclasses.astuple(i) for i in done]
    make = type(done[0])

    def floor() -> object:
        return [make(*f) for f in fields]

    return rubric, assessment, floor


@benchmark
def score_vs_results() -> Case:
    """Score 1,000 answered items vs building the same 1,000 item results from precomputed points.

    The honest floor of issue 8: whatever scoring does, it must at least make one result object per
    item with its points, status, why, value and words; everything else (checking each answer,
    its points, sections, tags, levels) is what the ratio measures. Scoring is compiled once per
    (rubric, profile) and each ``why`` is built only when read, as the Result's readers do."""
    rubric, assessment, floor = _results_floor()

    def ours() -> object:
        forget()  # no answer value seen before: each is checked, worded and scored afresh
        return score(rubric, assessment)

    return Case(f"score {ITEMS} items vs their result objects", ours, floor, 3.0, "1,000 ItemResult from fields")


@benchmark
def rescore_vs_results() -> Case:
    """The same scoring when every answer value has been seen before in the process, as after a
    keypress (one answer changed) or in a roll-up of villages that answer alike: what each value
    gives, its item result included, is taken from the compiled rubric."""
    rubric, assessment, floor = _results_floor()

    def ours() -> object:
        return score(rubric, assessment)

    return Case(f"re-score {ITEMS} items (values seen before)", ours, floor, 3.0, "1,000 ItemResult from fields")
