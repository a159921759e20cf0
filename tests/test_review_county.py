"""The county's 复核 (县委组织部复核, the optional second review, issue 12): a township's 审核表
reviewed again, its base the township's corrected answers; the 复核表 keeps the village's 数据 and
the township's 审核数据 unchanged, shows 审核得分 beside 复核得分 with every change's reason, and is
bound to both checksums; the roll-up ranks on the 复核 score, and a 复核 made on other data is
detected and not counted."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from openpyxl import load_workbook
from report_helpers import export, load_example

from checklist.assessment import Answer
from checklist.cli import main
from checklist.report import read_report
from checklist.review.data import COUNTY_SHEET
from checklist.review.data import SHEET as REVIEW_SHEET
from checklist.review.read import read_reviewed
from checklist.review.workbook import COUNTY_NAME
from checklist.scoring import Result, score

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "village-star-complete.json"
TOWNSHIP = {
    "reviewer": "王审核",
    "date": "2026-12-05",
    "items": {"strongest_branch": {"value": "none", "reason": "县级命名文件未提供，不予认定。"}},
}
COUNTY = {
    "reviewer": "县委组织部李复核",
    "date": "2026-12-12",
    "opinion": "乡镇审核基本准确。",
    "items": {"party_activities": {"value": 9, "reason": "签到表只能证实9次。"}},
}


def _run(*args: str) -> tuple[int, str]:
    got = CliRunner().invoke(main, list(args))
    assert got.exception is None or isinstance(got.exception, SystemExit), got.exception
    return got.exit_code, got.output


def _file(tmp_path: Path, name: str, data: object) -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def _made(tmp_path: Path) -> tuple[Path, Path, Path]:
    report = export(EXAMPLE, tmp_path)
    reviewed = tmp_path / "审核表.xlsx"
    assert _run("review", str(report), "--from", str(_file(tmp_path, "t.json", TOWNSHIP)), "-o", str(reviewed))[0] == 0
    county = tmp_path / "复核表.xlsx"
    code, text = _run(
        "review", str(reviewed), "--county", "--from", str(_file(tmp_path, "c.json", COUNTY)), "-o", str(county)
    )
    assert code == 0, text
    return report, reviewed, county


def _expected() -> tuple[Result, Result, Result]:
    loaded, assessment, mine = load_example(EXAMPLE)
    answers = dict(assessment.answers)
    old = answers["strongest_branch"]
    answers["strongest_branch"] = Answer(value="none", note=old.note, evidence=old.evidence)
    township = score(loaded.rubric, assessment.model_copy(update={"answers": answers}))
    old = answers["party_activities"]
    answers["party_activities"] = Answer(value=9, note=old.note, evidence=old.evidence)
    county = score(loaded.rubric, assessment.model_copy(update={"answers": answers}))
    return mine, township, county


def test_county_review_of_a_reviewed_workbook(tmp_path: Path) -> None:
    _, reviewed, county = _made(tmp_path)
    mine, township, again = _expected()
    assert again.total < township.total < mine.total
    wb = load_workbook(county)
    assert wb[COUNTY_SHEET].sheet_state == "veryHidden"
    # the township's 审核数据 travels unchanged, character for character
    assert [c.value for c in wb[REVIEW_SHEET]["B"]] == [c.value for c in load_workbook(reviewed)[REVIEW_SHEET]["B"]]
    rows = [list(r) for r in wb[COUNTY_NAME].iter_rows(values_only=True)]
    flat = [str(c) for r in rows for c in r if c is not None]
    assert any("复核表" in c for c in flat) and any("县委组织部（盖章）" in c for c in flat)
    assert "审核得分" in rows[next(n for n, r in enumerate(rows) if r[0] == "序号")]
    line = next(r for r in rows if r[2] == "常态化党群活动")
    assert line[5] == township.item("party_activities").points
    assert line[7] == again.item("party_activities").points and line[8] == "签到表只能证实9次。"
    assert next(r for r in rows if r[2] == "“最强支部”创建")[6] == "同审核"  # the township's correction stands
    totals = next(r for r in rows if r[0] == "合计")
    assert totals[5] == float(township.total) and totals[7] == float(again.total)
    assert read_report(county).clean
    back = read_reviewed(county)
    assert back.reviewed and back.rereviewed and back.county is not None
    assert back.county.review.reviewer == "县委组织部李复核"


def test_roll_up_ranks_on_the_county_score(tmp_path: Path) -> None:
    from checklist.township import DUPLICATE, aggregate

    report, reviewed, county = _made(tmp_path)
    loaded, _, _ = load_example(EXAMPLE)
    _, _, again = _expected()
    got = aggregate([report, reviewed, county], loaded)
    (v,) = got.villages
    assert v.review == "已复核" and v.source == county and v.scores.total == again.total
    assert sorted(Path(p.path).name for p in got.problems if p.kind == DUPLICATE) == sorted([report.name, reviewed.name])


def test_a_county_review_made_on_other_data_does_not_count(tmp_path: Path) -> None:
    from checklist.township import aggregate

    report, _, county = _made(tmp_path)
    loaded, _, _ = load_example(EXAMPLE)
    _, township, _ = _expected()
    wb = load_workbook(county)
    cell = wb[COUNTY_SHEET].cell(row=5, column=2)
    cell.value = cell.value.replace("李复核", "张复核")
    wb.save(tmp_path / "改过.xlsx")
    back = read_reviewed(tmp_path / "改过.xlsx")
    assert back.reviewed and back.county_state == "tampered" and not back.rereviewed
    (v,) = aggregate([tmp_path / "改过.xlsx"], loaded).villages
    assert v.review == "已审核" and v.scores.total == township.total
    assert any("复核" in d and "视为未复核" in d for d in v.doubts)
    # a plain village workbook cannot be given a 复核
    code, text = _run(
        "review", str(report), "--county", "--from", str(_file(tmp_path, "c2.json", COUNTY)), "-o", str(tmp_path / "x.xlsx")
    )
    assert code == 1 and "不能复核" in text and "Traceback" not in text and not (tmp_path / "x.xlsx").exists()


def test_a_county_review_over_a_changed_township_review_is_stale(tmp_path: Path) -> None:
    from checklist.township import aggregate

    _, _, county = _made(tmp_path)
    loaded, _, mine_result = load_example(EXAMPLE)
    wb = load_workbook(county)
    cell = wb[REVIEW_SHEET].cell(row=5, column=2)
    cell.value = cell.value.replace("王审核", "赵审核")  # the township's review changed after the 复核
    wb.save(tmp_path / "改审核.xlsx")
    back = read_reviewed(tmp_path / "改审核.xlsx")
    assert back.state == "tampered" and back.county_state == "stale" and not back.rereviewed
    (v,) = aggregate([tmp_path / "改审核.xlsx"], loaded).villages
    assert v.review == "审核无效" and v.scores.total == mine_result.total
