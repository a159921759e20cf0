"""The benchmark generator keeps producing a valid rubric (so bench/run.py measures real work)."""

from __future__ import annotations

import sys
from pathlib import Path

from checklist.assessment import Assessment
from checklist.rubric import check_bytes
from checklist.scoring import score

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

from gen import assessment_data, rubric_yaml


def test_generated_rubric_validates_and_scores() -> None:
    rubric, problems = check_bytes(rubric_yaml(120, sections=6).encode(), "gen.yaml")
    assert not problems, [str(p) for p in problems[:5]]
    assert rubric is not None and len(rubric.items()) == 120
    kinds = {item.rule.type for item in rubric.items()}
    assert kinds == {"yesno", "choice", "multiple", "required_list", "count", "number", "deviation", "share", "judged"}
    assert any(i.bonus for i in rubric.items()) and any(i.veto for i in rubric.items())
    assert any(i.relevant_when for i in rubric.items()) and any(i.allow_na for i in rubric.items())
    result = score(rubric, Assessment.model_validate(assessment_data(rubric)))
    statuses = {i.status for i in result.items}
    assert {"full", "partial", "zero", "na"} <= statuses
    assert not any(i.why.startswith("答案无效") for i in result.items)
    assert 0 <= result.total <= result.max + 5
