"""Core benchmarks: loading a large rubric, and scoring it."""

from __future__ import annotations

from decimal import Decimal

import yaml
from gen import assessment_data, rubric_yaml
from harness import Case, benchmark

from checklist.assessment import Assessment
from checklist.rubric import Params, check_bytes
from checklist.rubric.bounds import rule_max
from checklist.scoring import score

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
        return check_bytes(raw, "bench.yaml")

    def floor() -> object:
        return yaml.load(text, Loader=yaml.CSafeLoader)

    return Case(f"load+validate {ITEMS}-item rubric ({len(raw) // 1024} KB)", ours, floor, 2.0, "yaml CSafeLoader")


@benchmark
def score_items() -> Case:
    """Score 1,000 answered items vs a plain loop summing 1,000 Decimal points.

    Ours is the whole ``score()``: values checked, points and the why of every item, sections,
    tags, levels, vetoes and flags."""
    rubric, problems = check_bytes(rubric_yaml(ITEMS).encode("utf-8"), "bench.yaml")
    assert rubric is not None and not problems
    assessment = Assessment.model_validate(assessment_data(rubric))
    result = score(rubric, assessment)
    assert len(result.items) == ITEMS
    p = Params(rubric)
    points = [rule_max(item.rule, p) for item in rubric.items()]

    def ours() -> object:
        return score(rubric, assessment)

    def floor() -> object:
        total = Decimal(0)
        for value in points:
            total += value
        return total

    return Case(f"score {ITEMS} items", ours, floor, 10.0, "loop summing Decimals")
