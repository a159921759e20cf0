"""How the total is made (issue 9, 1d and 1e): deductions from the total (积分制) with an overall
floor, and a total of weighted parts (自评 70% + 群众满意度测评 30%). Points computed by hand."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from checklist.assessment import Assessment
from checklist.cli import main
from checklist.rubric import Rubric, load_rubric
from checklist.scoring import Result, score

HERE = Path(__file__).parent / "rubrics_total"
JIFEN = HERE / "jifen.yaml"
WEIGHTED = HERE / "weighted.yaml"


def _rubric(path: Path) -> Rubric:
    rubric = load_rubric(path).rubric
    assert rubric is not None
    return rubric


def _score(path: Path, answers: dict[str, Any]) -> Result:
    rubric = _rubric(path)
    data = {
        "rubric": {"id": rubric.id},
        "answers": {k: v if isinstance(v, dict) and "value" in v else {"value": v} for k, v in answers.items()},
    }
    return score(rubric, Assessment.model_validate(data))


# --- 1d: deductions from the total ---------------------------------------------------------------


def test_deductions_come_off_the_total() -> None:
    # base 60 + 40 = 100; 2 accidents × 5 = 10 and a petition 10 come off: 80, still 好 (≥ 80)
    got = _score(JIFEN, {"venue": True, "meetings": True, "accidents": 2, "petitions": True})
    assert (got.total, got.max, got.base, got.deductions) == (Decimal(80), Decimal(100), Decimal(100), Decimal(20))
    assert got.level.id == "good"
    penalties = next(s for s in got.sections if s.id == "penalties")
    assert penalties.deduction and (penalties.points, penalties.max) == (Decimal(20), Decimal(30))
    assert got.item("accidents").why == "发现2起，每起扣5分，扣10分，得10分；从总分中扣10分"
    assert got.item("petitions").why == "是，不得分（否可得10分）；从总分中扣10分"
    assert got.composition == ("总分 = 基础得分100分 − 扣分20分 = 80分",)


def test_the_total_has_a_floor_and_a_deduction_section_no_full_marks() -> None:
    # base 0; 4 accidents → 20 (capped by the item's 20) + 10 = 30 off: −30, floored at 0
    got = _score(JIFEN, {"venue": False, "meetings": False, "accidents": 4, "petitions": True})
    assert (got.total, got.deductions, got.max) == (Decimal(0), Decimal(30), Decimal(100))
    assert got.composition[-1] == "总分 = 基础得分0分 − 扣分30分 = −30分，低于最低分0分，按0分计"


def test_an_unanswered_deduction_takes_nothing_off_and_no_deduction_means_no_sentence() -> None:
    got = _score(JIFEN, {"venue": True, "meetings": True, "petitions": False})
    assert (got.total, got.deductions) == (Decimal(100), Decimal(0))
    assert got.item("accidents").status == "unanswered" and got.item("accidents").lost == 0
    assert got.composition == ()
    assert [g.id for g in got.gaps()] == []


def test_score_json_says_the_deductions() -> None:
    assessment = HERE / "jifen.json"
    answers = {"venue": True, "meetings": True, "accidents": 1, "petitions": False}
    assessment.write_text(json.dumps({"rubric": {"id": "jifen"}, "answers": {k: {"value": v} for k, v in answers.items()}}))
    try:
        run = CliRunner().invoke(main, ["score", str(JIFEN), str(assessment), "--json"])
    finally:
        assessment.unlink()
    assert run.exit_code == 0, run.output
    data = json.loads(run.stdout)
    assert (data["total"], data["deductions"], data["total_floor"]) == (95, 5, 0)
    assert [s.get("deduction", False) for s in data["sections"]] == [False, True]
    assert {i["id"]: i.get("deduction", False) for i in data["items"]}["accidents"] is True
    assert data["composition"] == ["总分 = 基础得分100分 − 扣分5分 = 95分"]


# --- 1e: weighted parts --------------------------------------------------------------------------


def test_weighted_parts_make_the_total() -> None:
    # 自评: 60 + 30 = 90 of 100 → × 70% = 63; 测评: 170/200 = 85% → 85 of 100 → × 30% = 25.5
    got = _score(
        WEIGHTED,
        {"venue": True, "meetings": {"value": 30, "note": "基本规范"}, "satisfaction": {"part": 170, "whole": 200}},
    )
    assert [(x.id, x.points, x.max, x.weighted) for x in got.parts] == [
        ("self", Decimal(90), Decimal(100), Decimal(63)),
        ("survey", Decimal(85), Decimal(100), Decimal("25.5")),
    ]
    assert (got.total, got.max, got.max_achievable) == (Decimal("88.5"), Decimal(100), Decimal(100))
    assert got.level.id == "two"
    assert got.composition == (
        "自评：得分90分（满分100分，得分率90%），按权重70分折合63分",
        "群众满意度测评：得分85分（满分100分，得分率85%），按权重30分折合25.5分",
        "总分 = 自评63分 + 群众满意度测评25.5分 = 88.5分",
    )


def test_low_satisfaction_caps_the_level_whatever_the_weighted_total() -> None:
    # 满意率低于60%的评定为二星以下: 100 × 70% = 70 + 59 × 30% = 17.7 → 87.7, capped at 二星 anyway;
    # with 100% satisfaction: 70 + 30 = 100 → 三星
    low = {"venue": True, "meetings": {"value": 40, "note": "规范"}, "satisfaction": {"part": 59, "whole": 100}}
    got = _score(WEIGHTED, low)
    assert got.total == Decimal("87.7") and got.level.id == "two"
    assert [f.id for f in got.flags] == ["low_satisfaction"]
    full = {**low, "satisfaction": {"part": 100, "whole": 100}}
    assert _score(WEIGHTED, full).level.id == "three"


def test_score_json_and_table_show_the_parts() -> None:
    assessment = HERE / "weighted.json"
    answers = {"venue": {"value": False}, "meetings": {"value": 20, "note": "一般"}, "satisfaction": {"value": {"part": 9, "whole": 10}}}
    assessment.write_text(json.dumps({"rubric": {"id": "weighted"}, "answers": answers}))
    try:
        run = CliRunner().invoke(main, ["score", str(WEIGHTED), str(assessment), "--json"])
        table = CliRunner().invoke(main, ["score", str(WEIGHTED), str(assessment)])
    finally:
        assessment.unlink()
    data = json.loads(run.stdout)
    # 自评 20/100 × 70 = 14; 测评 90/100 × 30 = 27; total 41
    assert data["total"] == 41
    assert [(x["id"], x["weight"], x["weighted"]) for x in data["parts"]] == [("self", 70, 14), ("survey", 30, 27)]
    assert "  · 总分 = 自评14分 + 群众满意度测评27分 = 41分" in table.stdout.splitlines()
