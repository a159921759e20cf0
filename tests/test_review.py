"""The township's review (审核): REVIEW.json checked with located messages, the reviewed workbook
(both scores side by side, the village's data unchanged, the review in its own hidden sheet),
stale and tampered reviews detected, and the store's review tables (one transaction per
decision, history, migration from schema version 1)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from report_helpers import export, load_example

from checklist.assessment import Answer
from checklist.cli import main
from checklist.numbers import fmt
from checklist.report import read_report
from checklist.review import Review, ReviewError, apply_review, parse_review
from checklist.review.data import SHEET as REVIEW_SHEET
from checklist.review.read import read_reviewed
from checklist.review.workbook import NAME as REVIEW_NAME
from checklist.scoring import score
from checklist.store import Store
from checklist.xlsx.datasheet import SHEET as VILLAGE_SHEET

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "village-star-complete.json"

REVIEW = {
    "reviewer": "王审核",
    "date": "2026-12-05",
    "opinion": "总体属实，个别指标认定偏高。",
    "items": {
        "strongest_branch": {
            "value": "none",
            "reason": "县级命名文件未提供，不予认定。",
            "evidence": {"“最强支部”命名文件": "缺"},
        },
        "party_activities": {"evidence": {"党群活动记录": "已核"}},
        "new_field_org": {"value": True},  # the same as the village's: accepted, no reason needed
    },
}


@pytest.fixture
def report(tmp_path: Path) -> Path:
    return export(EXAMPLE, tmp_path)


def _review(tmp_path: Path, data: dict[str, object] | str, name: str = "review.json") -> Path:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def _run(*args: str) -> tuple[int, str]:
    got = CliRunner().invoke(main, list(args))
    assert got.exception is None or isinstance(got.exception, SystemExit), got.exception
    return got.exit_code, got.output


def test_reviewed_workbook_round_trip(report: Path, tmp_path: Path) -> None:
    loaded, assessment, mine = load_example(EXAMPLE)
    out = tmp_path / "审核表.xlsx"
    code, text = _run("review", str(report), "--from", str(_review(tmp_path, REVIEW)), "-o", str(out))
    assert code == 0, text
    # the reviewed score computed here, independently: the village's answers with one corrected
    corrected = dict(assessment.answers)
    corrected["strongest_branch"] = Answer(
        value="none",
        note=assessment.answers["strongest_branch"].note,
        evidence=assessment.answers["strongest_branch"].evidence,
    )
    theirs = score(loaded.rubric, assessment.model_copy(update={"answers": corrected}))
    assert theirs.total < mine.total
    assert "改正 1 项" in text and f"审核 {fmt(theirs.total)} 分" in text

    wb = load_workbook(out)
    assert wb[VILLAGE_SHEET].sheet_state == "veryHidden" and wb[REVIEW_SHEET].sheet_state == "veryHidden"
    ws = wb[REVIEW_NAME]
    rows = [[c for c in row] for row in ws.iter_rows(values_only=True)]
    flat = [str(c) for row in rows for c in row if c is not None]
    assert "王审核" in flat and "总体属实，个别指标认定偏高。" in flat
    assert any("签字" in c and "盖章" in c for c in flat)
    line = next(r for r in rows if r[2] == "“最强支部”创建")
    assert line[5] == mine.item("strongest_branch").points and line[7] == theirs.item("strongest_branch").points
    assert line[8] == "县级命名文件未提供，不予认定。" and "命名文件：缺" in line[9]
    accepted = next(r for r in rows if r[2] == "新领域党组织组建")
    assert accepted[6] == "同自评" and accepted[8] is None
    totals = next(r for r in rows if r[0] == "合计")
    assert totals[5] == float(mine.total) and totals[7] == float(theirs.total)

    # the village's 数据 sheet is the one it submitted, character for character
    village = load_workbook(report)[VILLAGE_SHEET]
    assert [c.value for c in wb[VILLAGE_SHEET]["B"]] == [c.value for c in village["B"]]
    assert read_report(out).clean  # still reads as the village's own workbook
    back = read_reviewed(out)
    assert back.state == "ok" and back.stored is not None
    assert back.stored.review.reviewer == "王审核"


def test_review_problems_are_all_located(report: Path, tmp_path: Path) -> None:
    bad = {
        "reviewer": "王审核",
        "items": {
            "strongest_branch": {"value": "none"},  # changed without a reason
            "no_such_item": {"value": 1, "reason": "x"},
            "party_activities": {"value": -3, "reason": "核减"},
            "venue_area": {"evidence": {"不存在的材料": "已核"}},
        },
    }
    code, text = _run("review", str(report), "--from", str(_review(tmp_path, bad)), "-o", str(tmp_path / "o.xlsx"))
    assert code == 1 and "Traceback" not in text
    assert "[strongest_branch]" in text and "须写明审核意见" in text
    assert "[no_such_item]" in text and "没有指标" in text
    assert "[party_activities]" in text and "有误" in text
    assert "[venue_area]" in text and "不存在的材料" in text
    assert not (tmp_path / "o.xlsx").exists()


def test_review_file_syntax_and_keys(report: Path, tmp_path: Path) -> None:
    code, text = _run(
        "review", str(report), "--from", str(_review(tmp_path, '{"reviewer": "王",\n "items": {,}}')), "-o", "x.xlsx"
    )
    assert code == 1 and ":2:" in text and "不是有效的 JSON" in text
    with pytest.raises(ReviewError) as exc:
        parse_review(json.dumps({"items": {"a": {"valu": 1, "evidence": {"x": "好"}}}, "revewer": "x"}), "r.json")
    message = str(exc.value)
    assert "revewer" in message and "[a]" in message and "valu" in message and "“已核”或“缺”" in message


def test_judged_item_gets_the_reviewers_score(tmp_path: Path) -> None:
    loaded, assessment, _ = load_example(EXAMPLE)
    judged = next(i for i in loaded.rubric.items() if i.rule.type == "judged")
    review = Review.model_validate({"items": {judged.id: {"value": 1, "reason": "材料单薄，酌情评1分。"}}})
    reviewed = apply_review(loaded.rubric, assessment, review)
    assert reviewed.result.item(judged.id).points == 1
    assert reviewed.changed == {judged.id: "材料单薄，酌情评1分。"}
    with pytest.raises(ReviewError, match="审核评定分有误"):
        apply_review(
            loaded.rubric, assessment, Review.model_validate({"items": {judged.id: {"value": 99, "reason": "r"}}})
        )


def test_stale_review_is_refused_and_detected(report: Path, tmp_path: Path) -> None:
    back = read_report(report)
    shown = json.loads(_run("read", str(report), "--json")[1])["checksum"]
    assert shown == back.checksum and len(shown) == 64
    bound = dict(REVIEW, checksum=shown)
    out = tmp_path / "ok.xlsx"
    assert _run("review", str(report), "--from", str(_review(tmp_path, bound)), "-o", str(out))[0] == 0
    # the village changes its workbook and exports again: the review no longer fits
    loaded, assessment, _ = load_example(EXAMPLE)
    changed = assessment.model_copy(update={"assessor": "另一人"})
    from checklist.report import write_report

    write_report(loaded.rubric, loaded.sha256, changed, score(loaded.rubric, changed), report, force=True)
    code, text = _run("review", str(report), "--from", str(_review(tmp_path, bound)), "-o", str(tmp_path / "s.xlsx"))
    assert code == 1 and "审核已失效" in text
    # a reviewed workbook whose village data was changed afterwards shows the review as stale
    wb = load_workbook(out)
    cell = wb[VILLAGE_SHEET].cell(row=5, column=2)
    cell.value = cell.value.replace("桃源村", "李家村")
    wb.save(tmp_path / "stale.xlsx")
    assert read_reviewed(tmp_path / "stale.xlsx").state == "stale"
    # and one whose review data was changed is tampered
    wb = load_workbook(out)
    cell = wb[REVIEW_SHEET].cell(row=5, column=2)
    cell.value = cell.value.replace("王审核", "李审核")
    wb.save(tmp_path / "tampered.xlsx")
    assert read_reviewed(tmp_path / "tampered.xlsx").state == "tampered"


def test_a_tampered_village_workbook_cannot_be_reviewed(report: Path, tmp_path: Path) -> None:
    wb = load_workbook(report)
    cell = wb[VILLAGE_SHEET].cell(row=5, column=2)
    cell.value = cell.value.replace("桃源村", "李家村")
    wb.save(report)
    code, text = _run("review", str(report), "--from", str(_review(tmp_path, REVIEW)), "-o", str(tmp_path / "o.xlsx"))
    assert code == 1 and "校验和不符" in text and "不能审核" in text


# --- the store ---------------------------------------------------------------------------------


def _start(store: Store) -> int:
    return store.start_review(
        source_path="/x/v.xlsx",
        source_checksum="ab" * 32,
        village_data="{}",
        rubric_id="village-star",
        village="桃源村",
        township="新丰镇",
        year=2026,
        reviewer="王审核",
    )


def test_store_keeps_each_decision_with_history(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    with Store.open(path) as store:
        rid = _start(store)
        assert _start(store) == rid  # the same workbook: the same review
        store.set_decision(rid, "strongest_branch", {"value": "none", "reason": "无文件"})
        store.set_decision(rid, "strongest_branch", {"value": "none", "reason": "无命名文件"})
        store.set_decision(rid, "venue_area", {"evidence": {"照片": "已核"}})
        store.set_decision(rid, "venue_area", None)
        store.set_review_field(rid, "opinion", "基本属实")
    # a second connection (another process would see the same): everything was committed
    raw = sqlite3.connect(path)
    assert raw.execute("SELECT count(*) FROM review_decisions").fetchone()[0] == 1
    raw.close()
    with Store.open(path) as store:
        assert store.decisions(rid) == {"strongest_branch": {"value": "none", "reason": "无命名文件"}}
        keys = [c.key for c in store.review_history(rid)]
        assert keys == ["@reviewer", "strongest_branch", "strongest_branch", "venue_area", "venue_area", "@opinion"]
        assert store.review_history(rid, "venue_area")[-1].new is None
        info = store.review_info(rid)
        assert info.opinion == "基本属实" and info.reviewer == "王审核" and info.village == "桃源村"
        assert [r.id for r in store.reviews()] == [rid]


def test_version_1_store_gains_the_review_tables(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    with Store.open(path):
        pass
    raw = sqlite3.connect(path)
    for table in ("review_history", "review_decisions", "reviews"):
        raw.execute(f"DROP TABLE {table}")
    raw.execute("PRAGMA user_version = 1")
    raw.commit()
    raw.close()
    with Store.open(path) as store:
        rid = _start(store)
        store.set_decision(rid, "a", {"value": 1, "reason": "r"})
    assert list(tmp_path.glob("old.sqlite3.v1-backup-*"))
    raw = sqlite3.connect(path)
    assert raw.execute("PRAGMA user_version").fetchone()[0] == 2
    raw.close()


def test_read_scores_under_the_organisers_profile(report: Path) -> None:
    loaded, assessment, _ = load_example(EXAMPLE)
    theirs = score(loaded.rubric, assessment.model_copy(update={"profile": "accelerated"}), "accelerated")
    code, text = _run("read", str(report), "--profile", "accelerated")
    assert code == 0, text
    assert "按“加快发展县”计分" in text and "自选“标准档”" in text and f"总分 {fmt(theirs.total)} " in text
    code, text = _run("read", str(report), "--profile", "accelerated", "--json")
    assert json.loads(text)["profile"] == {"scored": "accelerated", "chosen": assessment.profile}


def test_roll_up_of_a_workbook_and_its_review_counts_the_review(report: Path, tmp_path: Path) -> None:
    from checklist.township import DUPLICATE, aggregate

    loaded, _, _ = load_example(EXAMPLE)
    # named so the plain workbook sorts after the reviewed one: the order of files must not matter
    reviewed = tmp_path / "a-审核表.xlsx"
    assert _run("review", str(report), "--from", str(_review(tmp_path, REVIEW)), "-o", str(reviewed))[0] == 0
    got = aggregate([report, reviewed], loaded)
    (v,) = got.villages
    assert v.review == "已审核" and v.source == reviewed
    assert [Path(p.path).name for p in got.problems if p.kind == DUPLICATE] == [report.name]
