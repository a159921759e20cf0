"""Reviewing a draft straight from the store (issue 12, §1): no export needed; the reviewed
workbook says the review is of a draft (草稿（未定稿）), carries the draft's data as its 数据 sheet
(so it reads back, re-scored, like any village workbook), and a later answer makes the review
stale. From the CLI (``--draft``) and from home (v)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from openpyxl import load_workbook
from report_helpers import load_example, rubric_for

from checklist.assessment import Answer
from checklist.cli import main
from checklist.numbers import fmt
from checklist.report import read_report
from checklist.report.pages import DRAFT
from checklist.review.read import read_reviewed
from checklist.review.session import ReviewSession
from checklist.review.workbook import NAME as REVIEW_NAME
from checklist.scoring import score
from checklist.store import Store

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "village-star-complete.json"
REASON = "县级命名文件未提供，不予认定。"
REVIEW = {
    "reviewer": "王审核",
    "date": "2026-12-05",
    "items": {"strongest_branch": {"value": "none", "reason": REASON}},
}


def _run(*args: str) -> tuple[int, str]:
    got = CliRunner().invoke(main, list(args))
    assert got.exception is None or isinstance(got.exception, SystemExit), got.exception
    return got.exit_code, got.output


def _draft(store: Path) -> int:
    code, text = _run("load", str(EXAMPLE), "--rubric", str(rubric_for(EXAMPLE)), "--store", str(store))
    assert code == 0, text
    with Store.open(store) as s:
        (d,) = s.drafts()
        assert d.finalized is None
        return d.id


def _review_file(tmp_path: Path) -> Path:
    path = tmp_path / "review.json"
    path.write_text(json.dumps(REVIEW, ensure_ascii=False), encoding="utf-8")
    return path


def test_cli_reviews_a_draft_from_the_store(tmp_path: Path) -> None:
    store = tmp_path / "s.sqlite3"
    draft = _draft(store)
    out = tmp_path / "审核表.xlsx"
    code, text = _run(
        "review", "--draft", str(draft), "--store", str(store), "--from", str(_review_file(tmp_path)), "-o", str(out)
    )
    assert code == 0, text
    loaded, assessment, mine = load_example(EXAMPLE)
    corrected = dict(assessment.answers)
    old = assessment.answers["strongest_branch"]
    corrected["strongest_branch"] = Answer(value="none", note=old.note, evidence=old.evidence)
    theirs = score(loaded.rubric, assessment.model_copy(update={"answers": corrected}))
    assert f"审核 {fmt(theirs.total)} 分" in text and "草稿（未定稿）" in text
    ws = load_workbook(out)[REVIEW_NAME]
    assert DRAFT in str(ws["A1"].value)  # the title says a draft was reviewed
    assert DRAFT in (ws.oddHeader.right.text or "")  # and so does every printed page
    # the reviewed workbook reads back like a village workbook, and its review is in force
    assert read_report(out, loaded).clean
    back = read_reviewed(out, loaded)
    assert back.state == "ok" and back.back.result.total == mine.total


def test_cli_draft_needs_one_source(tmp_path: Path) -> None:
    code, text = _run("review")
    assert code == 1 and "--draft" in text and "Traceback" not in text
    code, text = _run("review", "--draft", "7", "--store", str(tmp_path / "s.sqlite3"), "--from", "x.json")
    assert code == 1 and "7" in text and "Traceback" not in text


def test_a_later_answer_makes_the_draft_review_stale(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    draft = _draft(path)
    with Store.open(path) as store:
        first = ReviewSession.open_draft(store, draft, None)
        assert first.stale == []
        again = ReviewSession.open_draft(store, draft, None)
        assert again.review_id == first.review_id  # the same answers: the same review
        assert store.acquire(draft)
        store.set_answer(draft, "strongest_branch", Answer(value="none"))
        store.release(draft)
        changed = ReviewSession.open_draft(store, draft, None)
        assert changed.review_id != first.review_id and changed.stale == [first.review_id]


def test_home_reviews_the_selected_draft(tmp_path: Path, monkeypatch: object) -> None:
    from tui_support import app_for, run

    from checklist.tui.screens.township_review import TownshipReviewScreen

    store = tmp_path / "s.sqlite3"
    _draft(store)
    monkeypatch.chdir(tmp_path)  # type: ignore[attr-defined]

    async def go() -> None:
        app = app_for(store)
        async with app.run_test(size=(140, 40)) as pilot:
            await pilot.pause()
            await pilot.press("v")
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, TownshipReviewScreen)
            head = str(screen.query_one("#review-head").render())
            assert "桃源村" in head and "草稿" in head
            await pilot.press("e")
            await pilot.pause()
            assert screen.output.parent == (tmp_path / "reports").resolve() and screen.output.exists()

    run(go())
    written = next((tmp_path / "reports").glob("*审核.xlsx"))
    assert DRAFT in str(load_workbook(written)[REVIEW_NAME]["A1"].value)
