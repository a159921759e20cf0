"""The TUI when the disk fills up under the user: a save that fails shows what the store holds
(not the choice that was refused) and says why until a save succeeds; leaving the walk (h) and
quitting (ctrl+q) never fail, whatever the lock release meets."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/tui_support.py

from textual.widgets import RadioButton, Static
from tui_support import answers, app_for, make_draft, open_walk, run

from checklist.tui.screens.home import HomeScreen
from checklist.tui.widgets.item_view import ItemView

WRITES = ("INSERT", "UPDATE", "DELETE", "COMMIT", "BEGIN IMMEDIATE")


class FullDisk:
    """The store's connection, failing every write as SQLite does on a full disk."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.full = False

    def execute(self, sql: str, *args: Any) -> Any:
        if self.full and sql.lstrip().upper().startswith(WRITES):
            raise sqlite3.OperationalError("database or disk is full")
        return self.conn.execute(sql, *args)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.conn, name)


def error_text(view: ItemView) -> str:
    return str(view.query_one("#error", Static).render())


def test_a_failed_save_shows_what_is_stored_and_why_until_a_save_succeeds(tmp_path: Path) -> None:
    store = tmp_path / "s.sqlite3"
    draft = make_draft(store)

    async def go() -> None:
        app = app_for(store)
        async with app.run_test(size=(110, 34)) as pilot:
            screen = await open_walk(pilot, "meeting")
            view = screen.query_one(ItemView)
            await view.focus_answer()
            await pilot.press("y")
            await pilot.pause()
            assert app.store is not None
            disk = FullDisk(app.store._conn)  # type: ignore[arg-type]
            app.store._conn = disk  # type: ignore[assignment]
            disk.full = True
            await pilot.press("n")  # refused by the disk
            await pilot.pause()
            await pilot.pause()
            assert view.answer.value is True, "the view holds what is stored"
            assert view.query_one("#yes", RadioButton).value, "“是” shown: what the store holds"
            assert not view.query_one("#no", RadioButton).value
            text = error_text(view)
            assert "未保存" in text and "磁盘已满" in text, text
            await screen.jump_to("oversize")  # the failure stays in view on the next item
            await pilot.pause()
            assert "磁盘已满" in error_text(view)
            disk.full = False
            await view.focus_answer()
            await pilot.press("y")  # the disk has room again: saved, the failure goes
            await pilot.pause()
            assert "未保存" not in error_text(view)
            disk.full = True
            await pilot.press("h")  # leaving with a full disk: no traceback, home screen
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen)
            await pilot.press("ctrl+q")
            await pilot.pause()
        assert app.return_code in (0, None)
        saved = answers(store, draft)
        assert saved["meeting"].value is True and saved["oversize"].value is True

    run(go())


def test_quitting_from_the_walk_on_a_full_disk_never_fails(tmp_path: Path) -> None:
    store = tmp_path / "s.sqlite3"
    make_draft(store)

    async def go() -> None:
        app = app_for(store)
        async with app.run_test(size=(110, 34)) as pilot:
            await open_walk(pilot, "meeting")
            assert app.store is not None
            disk = FullDisk(app.store._conn)  # type: ignore[arg-type]
            app.store._conn = disk  # type: ignore[assignment]
            disk.full = True
            await pilot.press("ctrl+q")
            await pilot.pause()
        assert app.return_code in (0, None)

    run(go())
