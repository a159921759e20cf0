"""One progress record (issue 8) and pending relevance (issue 9 1g), counted by hand on
tests/progress_data/progress.yaml and seen where the secretary sees it: ``score``, ``drafts``,
the walk header, the section tree, the home list, 审视 and the workbook.

The answers (ANSWERS) leave every state at once:
  组织建设 a 是 (4), b 不适用, c “十个” (有误), g1 否 (negative: 2), r1 无需填写 (g1 is 否),
           g2 unanswered, r2 待定 (waits on g2), d unanswered;
  发展引领 (na_policy zero) g3 unanswered, r3 待定 (waits on g3);
  加分项 x 5 次 × 1 = 5, over the bonus cap 3.
So: answered a, g1, x = 3; 不适用 1; 有误 1; 无需填写 1; 待定 r2, r3 = 2; to answer g2, d, g3 = 3.
已填 = 3 + 1 = 4; 应填 = 4 + 3 + 1 + 2 = 10.
组织建设: full 4+4+2+2+2+2+3+3 = 22; b and r1 leave the reachable marks: 22 − 4 − 2 = 16 (r2, 待定,
stays in); raw 4 + 2 = 6; 6 ÷ 16 × 22 = 8.25. 发展引领: 0 of 5, and 5 still reachable (r3 is 待定).
Total 8.25 + 0 + 3 = 11.25.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
from click.testing import CliRunner
from report_helpers import cell_beside
from textual.widgets import DataTable, Static
from tui_support import app_for, make_draft, open_walk, run

from checklist.assessment import Answer, parse_assessment
from checklist.cli import main
from checklist.rubric import load_rubric
from checklist.scoring import Result, score
from checklist.store import Store

RUBRIC = Path(__file__).resolve().parent / "progress_data" / "progress.yaml"
ANSWERS: dict[str, dict[str, Any]] = {
    "a": {"value": True},
    "b": {"na": True},
    "c": {"value": "十个"},
    "g1": {"value": False},
    "r1": {"value": True},
    "x": {"value": 5},
}
COUNTS = {"to_answer": 3, "answered": 3, "na": 1, "not_relevant": 1, "invalid": 1, "pending": 2}
TEXT = "已填 4/10 项（含不适用1项；有误1项；待定2项；无需填写1项）"
NOTE = "含不适用、无需填写项，按比例折算：6 ÷ 16 × 22 = 8.25"
BONUS_NOTE = "加分项合计5分，超过上限3分，按3分计入总分"


def assessment_file(folder: Path, answers: dict[str, dict[str, Any]] = ANSWERS) -> Path:
    path = folder / "a.json"
    data = {"rubric": {"id": "progress-test", "version": "1"}, "village": "红旗村", "year": 2025, "answers": answers}
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def result_of(answers: dict[str, dict[str, Any]]) -> Result:
    text = json.dumps({"rubric": {"id": "progress-test", "version": "1"}, "answers": answers})
    return score(load_rubric(RUBRIC).rubric, parse_assessment(text))


def draft(store_path: Path) -> int:
    number = make_draft(store_path, RUBRIC)
    store = Store.open(store_path)
    assert store.acquire(number)
    for item_id, answer in ANSWERS.items():
        store.set_answer(number, item_id, Answer(**answer))
    store.release(number)
    return number


def section(result: Result, section_id: str) -> Any:
    return next(s for s in result.sections if s.id == section_id)


# --- the record, by hand ---------------------------------------------------------------------


def test_the_progress_record_counts_each_state_once() -> None:
    from checklist.progress import Progress

    r = result_of(ANSWERS)
    assert r.progress == Progress(**COUNTS)
    assert (r.progress.done, r.progress.needed) == (4, 10)
    assert r.progress.text == TEXT
    assert (r.answered, r.applicable) == (4, 10)  # the old keys say the same as the record
    org, dev, extra = r.sections
    assert org.progress == Progress(to_answer=2, answered=2, na=1, not_relevant=1, invalid=1, pending=1)
    assert dev.progress == Progress(to_answer=1, pending=1)
    assert extra.progress == Progress(answered=1)
    assert sum((s.progress for s in r.sections), Progress()) == r.progress


def test_section_raw_scale_and_note() -> None:
    r = result_of(ANSWERS)
    org = section(r, "org")
    assert (org.raw, org.scale, org.points, org.max, org.note) == (6, Decimal("1.375"), Decimal("8.25"), 22, NOTE)
    dev = section(r, "dev")
    assert (dev.raw, dev.scale, dev.points, dev.note) == (0, 1, 0, "")
    assert r.total == Decimal("11.25")


def test_a_capped_bonus_says_what_counts() -> None:
    r = result_of(ANSWERS)
    assert (r.bonus_raw, r.bonus, r.bonus_note) == (5, 3, BONUS_NOTE)
    extra = section(r, "extra")
    assert (extra.bonus_raw, extra.bonus) == (5, 3)  # the section counts what the total counts


# --- pending relevance (issue 9 1g) ----------------------------------------------------------


def test_an_unanswered_gate_leaves_the_item_pending() -> None:
    r = result_of(ANSWERS)
    r2 = r.item("r2")
    assert (r2.status, r2.points, r2.max) == ("pending", 0, 3)
    assert r2.why == "待定（仅当“是否有合作社”为“是”时适用，相关指标尚未填写）"
    assert r.item("r1").status == "not_relevant"  # its gate is answered: it does not apply


def test_the_maximum_is_not_reduced_until_the_gate_is_answered() -> None:
    # 发展引领 under na_policy zero: g3 2 + r3 3 = 5 reachable while g3 is open
    assert section(result_of({}), "dev").max_achievable == 5
    assert section(result_of({"g3": {"value": True}}), "dev").max_achievable == 5
    no = result_of({"g3": {"value": False}})
    assert (section(no, "dev").max_achievable, no.item("r3").status) == (2, "not_relevant")
    # 组织建设 re-scaled: a pending r2 keeps its 3 in the reachable marks; once g2 is 否 it leaves
    assert section(result_of({"a": {"value": True}}), "org").points == 4  # 4 ÷ 22 × 22
    gone = result_of({"a": {"value": True}, "g2": {"value": False}})
    assert (section(gone, "org").points, section(gone, "org").raw) == (Decimal("4.63"), 4)  # 4 ÷ 19 × 22
    assert section(gone, "org").note == "含无需填写项，按比例折算：4 ÷ 19 × 22 = 4.63"


def test_answering_the_gate_makes_the_pending_item_one_to_answer() -> None:
    r = result_of({**ANSWERS, "g2": {"value": True}})
    assert r.item("r2").status == "unanswered"
    assert (r.answered, r.applicable) == (5, 10)  # g2 answered; r2 to answer now (it was 待定, 应填 already)


# --- every place shows the record ------------------------------------------------------------


def test_score_json_keeps_its_keys_and_adds_progress(tmp_path: Path) -> None:
    out = CliRunner().invoke(main, ["score", str(RUBRIC), str(assessment_file(tmp_path)), "--json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout)
    assert (data["answered"], data["applicable"]) == (4, 10)
    assert data["progress"] == COUNTS
    assert data["progress_text"] == TEXT
    org = data["sections"][0]
    assert (org["points"], org["max"], org["raw"], org["scale"], org["note"]) == (8.25, 22, 6, 1.375, NOTE)
    assert (data["bonus"], data["bonus_raw"], data["bonus_note"]) == (3, 5, BONUS_NOTE)
    assert {"total", "max", "level", "vetoed", "flags", "sections", "items"} <= set(data)


def test_score_table_says_the_same(tmp_path: Path) -> None:
    out = CliRunner().invoke(main, ["score", str(RUBRIC), str(assessment_file(tmp_path))])
    assert TEXT in out.output
    assert f"注：组织建设：{NOTE}" in out.output
    assert f"注：{BONUS_NOTE}" in out.output
    assert "加分项                              +3" in out.output


def test_drafts_list_says_the_same(tmp_path: Path) -> None:
    store = tmp_path / "s.sqlite3"
    draft(store)
    out = CliRunner().invoke(main, ["drafts", "--json", "--store", str(store)])
    assert out.exit_code == 0, out.output
    row = json.loads(out.stdout)[0]
    assert (row["answered"], row["items"], row["progress"], row["progress_text"]) == (4, 10, COUNTS, TEXT)
    table = CliRunner().invoke(main, ["drafts", "--store", str(store)]).output
    assert "已填/应填" in table and " 4/10 " in table


def test_workbook_summary_says_the_same(tmp_path: Path) -> None:
    target = tmp_path / "a.xlsx"
    out = CliRunner().invoke(main, ["export", str(RUBRIC), str(assessment_file(tmp_path)), "-o", str(target)])
    assert out.exit_code == 0, out.output
    wb = openpyxl.load_workbook(target)
    summary = wb["汇总"]
    assert cell_beside(summary, "已填").value == TEXT.removeprefix("已填 ")
    assert cell_beside(summary, "计分说明").value == f"组织建设：{NOTE}\n{BONUS_NOTE}"
    detail = [[c.value for c in row] for row in wb["评分明细"].iter_rows()]
    rescaled = next(r for r in detail if r[0] == "组织建设　折算后得分")
    assert (rescaled[3], rescaled[5], rescaled[6]) == (NOTE, 22, 8.25)
    subtotal = next(r for r in detail if r[0] == "组织建设　小计")
    assert subtotal[6] == 6  # the Result's raw points
    pending = next(r for r in detail if r[2] == "合作社党组织")
    assert str(pending[4]).startswith("？ 未填写\n（待定（仅当")  # its own mark, and why
    assert any("？ 待定（前提指标尚未填写）" in str(r[0]) for r in detail)  # the legend says what ？ means
    bonus = next(r for r in detail if r[0] == "加分项　计入总分")
    assert (bonus[3], bonus[6]) == (BONUS_NOTE, 3)


def test_walk_header_tree_and_review_say_the_same(tmp_path: Path) -> None:
    store = tmp_path / "s.sqlite3"
    draft(store)

    async def go() -> None:
        from checklist.tui.screens.review import ReviewScreen
        from checklist.tui.widgets.score_panel import ScorePanel
        from checklist.tui.widgets.section_tree import SectionTree

        app = app_for(store)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
            home = app.screen.query_one("#drafts", DataTable)
            assert str(home.get_row_at(0)[4]) == "4/10"
            walk = await open_walk(pilot, "g2")
            assert TEXT in str(walk.query_one(ScorePanel).render())
            tree = walk.query_one(SectionTree)
            labels = {s: str(tree.section_nodes[s].label) for s in ("org", "dev", "extra")}
            assert labels == {"org": "组织建设 3/7 · 8.25/22分", "dev": "发展引领 0/2 · 0/5分", "extra": "加分项 1/1 · 加3分"}
            assert str(tree.item_nodes["r2"].label) == "? 合作社党组织 待定"
            await walk.jump_to("r2")  # a pending item stays in view: the walk shows it, answerable
            await pilot.pause()
            assert walk.current == "r2"
            status = str(walk.query_one("#status", Static).render())
            assert "待定" in status and "得分" not in status  # no “得分 0/3” while it may not apply
            await walk.jump_to("x")  # 5 earned, 3 counted: the item says the cap was applied
            await pilot.pause()
            assert BONUS_NOTE in str(walk.query_one("#status", Static).render())
            await pilot.press("escape", "r")
            await pilot.pause()
            review = app.screen
            assert isinstance(review, ReviewScreen)
            sections = review.query_one("#sections", DataTable)
            rows = [[str(c) for c in sections.get_row_at(n)] for n in range(sections.row_count)]
            assert [r[:4] for r in rows] == [["组织建设", "3/7", "8.25", "22"], ["发展引领", "0/2", "0", "5"],
                                             ["加分项", "1/1", "+3", "加分"]]
            assert review.query_one("#unanswered", DataTable).row_count == 4  # g2, d, g3 and c (有误)
            captions = [str(label.render()) for label in review.query(".caption")]
            assert "未填写（4，其中有误1项）" in captions
            header = "".join(str(s.render()) for s in review.query(Static))
            assert TEXT in header and NOTE in header and BONUS_NOTE in header

    run(go())
