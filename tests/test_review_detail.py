"""The reviewed workbook's 评分明细 (issue 12, §2): its 乡镇审核得分 and 审核意见 columns carry the
review beside the village's own scores: each item's reviewed points and the reason of every
change, each section's reviewed 小计 (and 折算), the reviewed 加分, the reviewed 合计 with its
level and 自评−审核. The rows stay the village's, so the workbook still reads back clean."""

from __future__ import annotations

import io
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from hypothesis import assume, given
from hypothesis import strategies as st
from openpyxl import load_workbook
from report_helpers import export, load_example
from test_scoring_properties import SETTINGS, answers, assess, fixed

from checklist.assessment import Answer
from checklist.cli import main
from checklist.numbers import fmt, signed
from checklist.report import read_report
from checklist.report.sheets import detail
from checklist.report.write import build_workbook
from checklist.rubric import Rubric
from checklist.scoring import score

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "village-star-complete.json"
REASON = "县级命名文件未提供，不予认定。"
POINTS, REVIEW, OPINION = detail.POINTS_COL - 1, detail.REVIEW_COL - 1, detail.REVIEW_COL


def _num(v: Any) -> Decimal:
    return Decimal(0) if v in (None, "") or isinstance(v, str) else Decimal(str(v))


def test_reviewed_workbook_fills_the_review_columns(tmp_path: Path) -> None:
    report = export(EXAMPLE, tmp_path)
    review = {
        "reviewer": "王审核",
        "date": "2026-12-05",
        "items": {
            "strongest_branch": {"value": "none", "reason": REASON, "evidence": {"“最强支部”命名文件": "缺"}},
            "party_activities": {"evidence": {"党群活动记录": "已核"}},
        },
    }
    given_file = tmp_path / "review.json"
    given_file.write_text(json.dumps(review, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "审核表.xlsx"
    run = CliRunner().invoke(main, ["review", str(report), "--from", str(given_file), "-o", str(out)])
    assert run.exit_code == 0, run.output
    loaded, assessment, mine = load_example(EXAMPLE)
    corrected = dict(assessment.answers)
    old = assessment.answers["strongest_branch"]
    corrected["strongest_branch"] = Answer(value="none", note=old.note, evidence=old.evidence)
    theirs = score(loaded.rubric, assessment.model_copy(update={"answers": corrected}))

    rows = [list(r) for r in load_workbook(out)[detail.NAME].iter_rows(values_only=True)]
    line = next(r for r in rows if r[2] == "“最强支部”创建")
    assert line[POINTS] == mine.item("strongest_branch").points
    assert line[REVIEW] == theirs.item("strongest_branch").points != line[POINTS]
    assert REASON in line[OPINION] and "命名文件：缺" in line[OPINION]
    checked = next(r for r in rows if r[2] == "常态化党群活动")
    assert "党群活动记录：已核" in checked[OPINION]
    for r in rows:  # every item row has its reviewed points
        if isinstance(r[0], int):
            assert r[REVIEW] is not None
    total = next(r for r in rows if r[0] == "合计")
    assert _num(total[POINTS]) == mine.total and _num(total[REVIEW]) == theirs.total
    assert theirs.level.label in total[OPINION] and signed(mine.total - theirs.total) in total[OPINION]
    section = next(s for s in loaded.rubric.sections if any(i.id == "strongest_branch" for i in s.items))
    sub = next(r for r in rows if r[0] == f"{section.title}　小计")
    assert _num(sub[REVIEW]) < _num(sub[POINTS])
    assert read_report(out, loaded).clean  # the village's rows, the village's layout: nothing looks edited
    plain = [list(r) for r in load_workbook(report)[detail.NAME].iter_rows(values_only=True)]
    counted = [r for r in plain[detail.FIRST_ROW - 1 :] if isinstance(r[0], int) or str(r[0]).endswith(("小计", "合计"))]
    assert counted and all(r[REVIEW] in (None, "") for r in counted)  # the village's own workbook: blank


def check_review_sums(rubric: Rubric, mine_data: dict[str, Any], their_data: dict[str, Any]) -> None:
    village, reviewed = assess(rubric, mine_data), assess(rubric, their_data)
    try:
        village.to_data()
    except (OverflowError, ValueError, ArithmeticError):
        assume(False)
    mine, theirs = score(rubric, village), score(rubric, reviewed)
    columns = detail.ReviewColumns(theirs, {i.id: f"意见{i.id}" for i in theirs.items}, mine.total - theirs.total)
    wb = build_workbook(rubric, "0" * 64, village, mine, "2026-11-26 10:00", columns)
    buf = io.BytesIO()
    wb.save(buf)
    ws = load_workbook(io.BytesIO(buf.getvalue()))[detail.NAME]
    rows = [list(r) for r in ws.iter_rows(min_row=detail.FIRST_ROW, values_only=True)]
    by_title = {s.title: s for s in theirs.sections}
    order = iter(theirs.items if not any(i.bonus for i in theirs.items) else
                 [i for i in theirs.items if not i.bonus] + [i for i in theirs.items if i.bonus])
    block, counted = Decimal(0), Decimal(0)
    pending: Decimal | None = None
    for row in rows:
        label = row[0]
        if isinstance(label, int):
            got = next(order)
            want = got.points if got.status not in detail.NOT_COUNTED else None
            if want is None:
                assert row[REVIEW] in ("不适用", "无需填写"), row
            else:
                assert _num(row[REVIEW]) == want, (got.id, row[REVIEW], want)
                block += want
            assert row[OPINION] == f"意见{got.id}"
            continue
        if not isinstance(label, str):
            continue
        if label.endswith("小计"):
            assert _num(row[REVIEW]) == block, (label, row[REVIEW], block)
            if pending is not None:
                counted += pending
            pending, block = _num(row[REVIEW]), Decimal(0)
            title = label.removesuffix("　小计")
            if title in by_title and row[OPINION]:  # re-scaled by the review only: said in a note
                pending = by_title[title].points
                assert fmt(pending) in row[OPINION]
        elif label.endswith("折算后得分") or label.endswith("计入总分"):
            assert pending is not None
            pending = None
            counted += _num(row[REVIEW])
        elif label == "合计":
            if pending is not None:
                counted += pending
            assert _num(row[REVIEW]) == theirs.total == counted, (row[REVIEW], theirs.total, counted)
            assert theirs.level.label in row[OPINION]
            return
    raise AssertionError("no 合计 row")


@SETTINGS
@given(fixed().flatmap(lambda r: st.tuples(st.just(r), answers(r, junk_rate=3), answers(r, junk_rate=3))))
def test_review_columns_add_up_like_the_village_columns(case: tuple[Rubric, dict[str, Any], dict[str, Any]]) -> None:
    check_review_sums(*case)
