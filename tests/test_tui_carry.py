"""Issue 10: 沿用上年 from the home screen: a new draft for the next year whose answers are
last year's, each 待确认."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable
from tui_support import app_for, make_draft, run

from checklist.assessment import Answer
from checklist.store import Store


def test_home_starts_next_year_from_the_highlighted_draft(tmp_path: Path) -> None:
    store = tmp_path / "s.sqlite3"
    draft = make_draft(store, year=2025)
    s = Store.open(store)
    s.acquire(draft)
    s.set_answer(draft, "meeting", Answer(value=True))
    s.release(draft)
    s.close()

    async def go() -> None:
        app = app_for(store)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            home = app.screen
            await pilot.press("c")  # asks first: one key pressed by mistake makes no draft
            await pilot.pause()
            assert "新建2026年度的自评" in str(app.screen.query_one("#question").render())
            await pilot.press("n")
            await pilot.pause()
            assert home.query_one("#drafts", DataTable).row_count == 1
            await pilot.press("c")
            await pilot.pause()
            await pilot.press("y")
            await pilot.pause()
            table = app.screen.query_one("#drafts", DataTable)
            assert table.row_count == 2
            assert any("沿用上年答案 1 项" in n.message for n in app._notifications)

    run(go())
    drafts = Store.open(store).drafts()
    new = next(d for d in drafts if d.year == 2026)
    carried = Store.open(store).assessment(new.id).answers["meeting"]
    assert carried.value is True and carried.carried
