"""How the total is made (issue 9, 1d and 1e): deductions from the total (积分制) with an overall
floor, and a total of weighted parts (自评 70% + 群众满意度测评 30%). Points computed by hand."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

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
    assessment.write_text(
        json.dumps({"rubric": {"id": "jifen"}, "answers": {k: {"value": v} for k, v in answers.items()}})
    )
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
    answers = {
        "venue": {"value": False},
        "meetings": {"value": 20, "note": "一般"},
        "satisfaction": {"value": {"part": 9, "whole": 10}},
    }
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


# --- the workbook: 汇总 and 评分明细 show the total as the Result makes it -----------------------


def _export(rubric: Path, answers: dict[str, Any], tmp_path: Path) -> tuple[Result, dict[str, list[list[Any]]]]:
    from openpyxl import load_workbook

    rid = _rubric(rubric).id
    data = {"rubric": {"id": rid}, "village": "东村", "answers": answers}
    source = tmp_path / "a.json"
    source.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    target = tmp_path / "a.xlsx"
    run = CliRunner().invoke(main, ["export", str(rubric), str(source), "-o", str(target)])
    assert run.exit_code == 0, run.output
    wb = load_workbook(target)
    sheets = {name: [list(r) for r in wb[name].iter_rows(values_only=True)] for name in ("汇总", "评分明细")}
    return score(_rubric(rubric), Assessment.model_validate(data)), sheets


def _row(rows: list[list[Any]], first: str) -> list[Any]:
    return next(r for r in rows if r and any(c == first for c in r[:3]))


def test_the_workbook_takes_the_deductions_off_the_total(tmp_path: Path) -> None:
    answers = {k: {"value": v} for k, v in {"venue": True, "meetings": True, "accidents": 2, "petitions": True}.items()}
    result, sheets = _export(JIFEN, answers, tmp_path)
    detail = sheets["评分明细"]
    taken = _row(detail, "扣分项　计入总分")
    assert -20 in taken and "从总分中扣除20分" in taken
    total = _row(detail, "合计")
    assert 80 in total and 100 in total and any(isinstance(c, str) and "扣分20分" in c for c in total)
    summary = sheets["汇总"]
    assert _row(summary, "总分构成")[1] == "· 总分 = 基础得分100分 − 扣分20分 = 80分"
    assert _row(summary, "扣分项")[2:4] == [-20, 30]
    assert result.total == 80


def test_the_workbook_brings_each_part_to_its_weight(tmp_path: Path) -> None:
    answers = {
        "venue": {"value": True},
        "meetings": {"value": 30, "note": "基本规范"},
        "satisfaction": {"value": {"part": 170, "whole": 200}},
    }
    _, sheets = _export(WEIGHTED, answers, tmp_path)
    detail = sheets["评分明细"]
    self_row, survey_row = _row(detail, "自评　按权重折合"), _row(detail, "群众满意度测评　按权重折合")
    assert [c for c in self_row if isinstance(c, (int, float))] == [70, 63]
    assert [c for c in survey_row if isinstance(c, (int, float))] == [30, 25.5]
    assert "得分85分÷满分100分×权重30分" in survey_row
    assert 88.5 in _row(detail, "合计")
    lines = _row(sheets["汇总"], "总分构成")[1].splitlines()
    assert lines[-1] == "· 总分 = 自评63分 + 群众满意度测评25.5分 = 88.5分"


# --- the TUI shows the Result's composition ----------------------------------------------------


def test_the_walk_shows_the_deductions_and_how_the_total_is_made(tmp_path: Path) -> None:
    from textual.widgets import Static, Tree
    from tui_support import app_for, make_draft, open_walk, run

    from checklist.assessment import Answer
    from checklist.store import Store
    from checklist.tui.widgets.item_view import ItemView
    from checklist.tui.widgets.score_panel import ScorePanel

    store_path = tmp_path / "s.sqlite3"
    draft = make_draft(store_path, JIFEN)
    with Store.open(store_path) as store:
        assert store.acquire(draft)
        for item_id, value in {"venue": True, "meetings": True, "accidents": 2, "petitions": False}.items():
            store.set_answer(draft, item_id, Answer(value=value))
        store.release(draft)

    async def go() -> None:
        app = app_for(store_path)
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await open_walk(pilot)
            panel = str(screen.query_one(ScorePanel).render())
            assert "总分 90 / 100" in panel
            assert "总分 = 基础得分100分 − 扣分10分 = 90分" in panel
            labels = [str(n.label) for n in screen.query_one(Tree).root.children]
            assert "扣分项 2/2 · 扣10分（最多30分）" in labels
            await screen.jump_to("accidents")
            await pilot.pause()
            view = screen.query_one(ItemView)
            assert "扣分项（从总分中扣除）：安全生产事故" in str(view.query_one("#title", Static).render())
            assert view.status_text().startswith("[$warning]扣 10 分（最多扣 20 分） · 部分得分")

    run(go())


# --- properties: the total is what the composition says, for any answers -------------------------


@settings(max_examples=60, deadline=None)
@given(
    venue=st.booleans(),
    meetings=st.booleans(),
    accidents=st.one_of(st.none(), st.integers(0, 9)),
    petitions=st.one_of(st.none(), st.booleans()),
)
def test_deductions_never_push_the_total_below_its_floor(
    venue: bool, meetings: bool, accidents: int | None, petitions: bool | None
) -> None:
    answers: dict[str, Any] = {"venue": venue, "meetings": meetings}
    if accidents is not None:
        answers["accidents"] = accidents
    if petitions is not None:
        answers["petitions"] = petitions
    got = _score(JIFEN, answers)
    base = 60 * venue + 40 * meetings
    taken = min(5 * (accidents or 0), 20) + (10 if petitions else 0)
    assert got.deductions == taken
    assert got.total == max(base - taken, 0)
    assert got.max == 100


@settings(max_examples=60, deadline=None)
@given(meetings=st.integers(0, 40), part=st.integers(0, 200), extra=st.integers(0, 200))
def test_each_part_brings_its_share_of_its_weight(meetings: int, part: int, extra: int) -> None:
    whole = part + extra or 1
    got = _score(
        WEIGHTED,
        {
            "venue": True,
            "meetings": {"value": meetings, "note": "理由"},
            "satisfaction": {"part": min(part, whole), "whole": whole},
        },
    )
    survey = next(x for x in got.parts if x.id == "survey")
    own = next(x for x in got.parts if x.id == "self")
    assert own.weighted == Decimal(60 + meetings) * 70 / 100  # one decimal at most: exact
    assert abs(survey.weighted - survey.points * 30 / 100) <= Decimal("0.005")
    assert got.total == own.weighted + survey.weighted


def test_the_roll_up_ranks_by_the_total_after_deductions(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    folder = tmp_path / "村"
    folder.mkdir()
    villages = {"东村": {"accidents": 3, "petitions": False}, "西村": {"accidents": 0, "petitions": True}}
    for name, extra in villages.items():
        answers = {k: {"value": v} for k, v in {"venue": True, "meetings": True, **extra}.items()}
        data = {"rubric": {"id": "jifen"}, "village": name, "township": "城关镇", "year": 2026, "answers": answers}
        (folder / f"{name}.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    target = tmp_path / "汇总.xlsx"
    run = CliRunner().invoke(main, ["aggregate", str(folder), "--rubric", str(JIFEN), "-o", str(target)])
    assert run.exit_code == 0, run.output
    ws = load_workbook(target)["排名"]
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    head = next(r for r in rows if r and r[0] == "排名")
    at = {h: n for n, h in enumerate(head) if h}
    ranked = [r for r in rows[rows.index(head) + 1 :] if r and r[at["村"]] in villages]
    # 西村 100 − 10 = 90 ranks first, 东村 100 − 3 × 5 = 85 second: ranked on the total after deductions
    assert [(r[at["村"]], r[at["总分"]]) for r in ranked] == [("西村", 90), ("东村", 85)]
    # 各村得分: a deduction section's column shows what it took off, as a negative number
    scores = load_workbook(target)["各村得分"]
    grid = [list(r) for r in scores.iter_rows(values_only=True)]
    top = next(r for r in grid if r and "总分" in r)
    column = next(n for n, h in enumerate(top) if isinstance(h, str) and "扣分" in h)
    taken = {r[top.index("村")]: r[column] for r in grid[grid.index(top) + 1 :] if r and r[top.index("村")] in villages}
    assert taken == {"东村": -15, "西村": -10}
