"""The 审核 mode through the TUI (Pilot): the same review given by keys and by REVIEW.json ends in
the same reviewed workbook; each decision is in the store as soon as it is saved; a refused
answer is said and nothing is saved; a review of a file changed since is reported stale."""

from __future__ import annotations

import asyncio
import json
from datetime import date
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from openpyxl import load_workbook
from report_helpers import export, load_example

from checklist.cli import main
from checklist.review.data import SHEET as REVIEW_SHEET
from checklist.review.workbook import NAME as REVIEW_NAME
from checklist.store import Store
from checklist.tui.review_app import ReviewApp
from checklist.tui.screens.township_review import TownshipReviewScreen

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "village-star-complete.json"
REASON = "县级命名文件未提供，不予认定。"


def _cells(path: Path) -> dict[str, list[list[Any]]]:
    wb = load_workbook(path)
    out = {}
    for ws in wb.worksheets:
        rows = [list(r) for r in ws.iter_rows(values_only=True)]
        if ws.title == REVIEW_SHEET:  # the payload, without the minute it was written
            text = "".join(str(r[1]) for r in rows[4:])
            payload = json.loads(text)
            payload.pop("generated")
            rows = [[json.dumps(payload, sort_keys=True, ensure_ascii=False)]]
        out[ws.title] = rows
    return out


async def _goto(pilot: Any, screen: TownshipReviewScreen, item_id: str) -> None:
    table = screen.query_one("#review-items")
    table.move_cursor(row=screen.order.index(item_id))
    await pilot.pause()


async def _review_by_keys(app: ReviewApp) -> None:
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, TownshipReviewScreen)
        # a refused answer: said, nothing saved
        await _goto(pilot, screen, "strongest_branch")
        await pilot.press("enter")
        await pilot.pause()
        app.screen.query_one("#value").value = "国家级"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert screen.session.store.decisions(screen.session.review_id) == {}
        # the correction, with its reason and an evidence mark
        await pilot.press("enter")
        await pilot.pause()
        dialog = app.screen
        dialog.query_one("#value").value = "未开展创建"
        dialog.query_one("#reason").value = REASON
        wanted = screen.session.loaded.rubric.item_index()["strongest_branch"][1].evidence
        dialog.query_one(f"#ev-{wanted.index('“最强支部”命名文件')}").value = "缺"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "strongest_branch" in screen.session.store.decisions(screen.session.review_id)
        await pilot.press("o")
        await pilot.pause()
        block = app.screen
        block.query_one("#reviewer").value = "王审核"
        block.query_one("#opinion").value = "总体属实，个别指标认定偏高。"
        await pilot.press("ctrl+s")
        await pilot.pause()
        head = str(screen.query_one("#review-head").render())
        assert "改正 1 项" in head and "王审核" in head
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()


def test_tui_and_cli_make_the_same_reviewed_workbook(tmp_path: Path) -> None:
    report = export(EXAMPLE, tmp_path)
    loaded, _, _ = load_example(EXAMPLE)
    store = tmp_path / "s.sqlite3"
    by_keys = tmp_path / "tui.xlsx"
    app = ReviewApp(store, report, loaded, None, by_keys, today=date(2026, 12, 5))
    asyncio.run(_review_by_keys(app))
    assert by_keys.exists()
    review = {
        "reviewer": "王审核",
        "date": "2026-12-05",
        "opinion": "总体属实，个别指标认定偏高。",
        "items": {"strongest_branch": {"value": "none", "reason": REASON, "evidence": {"“最强支部”命名文件": "缺"}}},
    }
    given = tmp_path / "review.json"
    given.write_text(json.dumps(review, ensure_ascii=False), encoding="utf-8")
    by_file = tmp_path / "cli.xlsx"
    run = CliRunner().invoke(main, ["review", str(report), "--from", str(given), "-o", str(by_file)])
    assert run.exit_code == 0, run.output
    a, b = _cells(by_keys), _cells(by_file)
    assert a.keys() == b.keys()
    for sheet in a:
        assert a[sheet] == b[sheet], sheet
    assert any(REASON in str(c) for row in a[REVIEW_NAME] for c in row)
    # every step is in the store's history
    with Store.open(store) as s:
        (info,) = s.reviews()
        keys = [c.key for c in s.review_history(info.id)]
        assert keys.count("strongest_branch") == 1 and "@reviewer" in keys and "@opinion" in keys


def test_a_review_of_a_changed_file_is_reported_stale(tmp_path: Path) -> None:
    report = export(EXAMPLE, tmp_path)
    loaded, assessment, result = load_example(EXAMPLE)
    store = tmp_path / "s.sqlite3"
    seen: list[str] = []

    async def open_once() -> None:
        app = ReviewApp(store, report, loaded, None, tmp_path / "o.xlsx", today=date(2026, 12, 5))
        async with app.run_test() as pilot:
            await pilot.pause()
            seen.extend(n.message for n in app._notifications)
            await pilot.press("escape")

    asyncio.run(open_once())
    assert not any("审核已失效" in m for m in seen)
    from checklist.report import write_report

    changed = assessment.model_copy(update={"assessor": "另一人"})
    write_report(loaded.rubric, loaded.sha256, changed, result, report, force=True)
    asyncio.run(open_once())
    assert any("审核已失效" in m for m in seen)


def test_home_opens_the_review(tmp_path: Path) -> None:
    from tui_support import app_for

    report = export(EXAMPLE, tmp_path)

    async def go() -> None:
        app = app_for(tmp_path / "s.sqlite3")
        async with app.run_test(size=(140, 40)) as pilot:
            await pilot.pause()
            await pilot.press("a")
            await pilot.pause()
            app.screen.query_one("#report").value = str(tmp_path / "nowhere.xlsx")
            await pilot.press("enter")
            await pilot.pause()
            assert "找不到文件" in str(app.screen.query_one("#open-error").render())
            app.screen.query_one("#report").value = str(report)
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, TownshipReviewScreen)
            assert "桃源村" in str(app.screen.query_one("#review-head").render())
            await pilot.press("escape")
            await pilot.pause()
            assert not isinstance(app.screen, TownshipReviewScreen)

    asyncio.run(go())
