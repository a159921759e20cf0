"""When things go wrong under the user: the edit lock taken over by another window while this
laptop slept (on saving, and on the heartbeat), a store file that must not be replaced, and
Esc that never throws the user out of the walk."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Button, DataTable, Input, Static
from tui_support import answers, app_for, make_draft, open_walk, run

from checklist.assessment import Answer
from checklist.store import Store
from checklist.store.codec import iso
from checklist.tui.screens.home import HomeScreen
from checklist.tui.screens.store_error import StoreErrorScreen
from checklist.tui.screens.walk import WalkScreen
from checklist.tui.widgets.answers import AnswerWidget
from checklist.tui.widgets.item_view import ItemView
from checklist.tui.widgets.section_tree import SectionTree

LONG_AGO = iso(datetime(2020, 1, 1, tzinfo=UTC))


def fall_asleep(store: Path) -> None:
    """As if this laptop slept past the stale-lock limit: our heartbeat is old."""
    conn = sqlite3.connect(store)
    with conn:
        conn.execute("UPDATE locks SET heartbeat = ?", (LONG_AGO,))
    conn.close()


def messages(app: Any) -> list[str]:
    return [f"{n.title} {n.message}" for n in app._notifications]


def banner(screen: WalkScreen) -> str:
    return str(screen.query_one("#banner", Static).render())


def test_save_after_another_window_took_over(tmp_path: Path) -> None:
    store = tmp_path / "s.sqlite3"
    draft = make_draft(store)
    other = Store.open(store, owner="王委员")

    async def go() -> None:
        app = app_for(store)
        async with app.run_test(size=(100, 30)) as pilot:
            screen = await open_walk(pilot, "meeting")
            await pilot.press("y")  # saved while we hold the lock
            await pilot.pause()
            fall_asleep(store)
            assert other.acquire(draft), "the other window takes the stale lock over"
            note = screen.query_one("#note", Input)
            note.focus()
            # committed at once, as an input method does (keys one by one may meet the debounced
            # save in between under load, and the walk turns read-only mid-word)
            note.insert_text_at_cursor("会议记录在村部")
            await pilot.press("enter")  # save now: refused, the walk turns read-only
            await pilot.pause()
            text = banner(screen)
            assert "只读" in text and "王委员" in text, text
            assert note.value == "会议记录在村部", "what was typed stays on screen"
            assert note.disabled
            assert all(w.disabled for w in screen.query(AnswerWidget))
            unsaved = screen.query_one("#unsaved", Static)
            assert unsaved.display and "没有保存" in str(unsaved.render())
            assert any("未保存" in m and "王委员" in m for m in messages(app)), messages(app)
            # moving away and back still shows what was typed, still marked unsaved
            await screen.jump_to("oversize")
            await pilot.pause()
            assert not unsaved.display
            await screen.jump_to("meeting")
            await pilot.pause()
            assert screen.query_one("#note", Input).value == "会议记录在村部"
            assert screen.query_one("#unsaved").display
            await pilot.press("escape", "n")  # nothing more is saved, nothing crashes
            await pilot.pause()
        saved = answers(store, draft)
        assert saved["meeting"].value is True and saved["meeting"].note == ""
        assert other.holds(draft), "the read-only window did not release the other's lock"

    try:
        run(go())
    finally:
        other.close()


def test_heartbeat_finds_the_lock_gone(tmp_path: Path) -> None:
    store = tmp_path / "s.sqlite3"
    draft = make_draft(store)
    other = Store.open(store, owner="王委员")

    async def go() -> None:
        app = app_for(store)
        async with app.run_test(size=(100, 30)) as pilot:
            screen = await open_walk(pilot, "income")
            box = screen.query_one("#number", Input)
            await pilot.press(*"１２")  # typed, not yet saved (the typing pause has not passed)
            fall_asleep(store)
            assert other.acquire(draft)
            await screen._heartbeat()
            await pilot.pause()
            assert "王委员" in banner(screen)
            assert box.value == "１２" and box.disabled
            assert screen.query_one("#unsaved").display
            await pilot.pause(0.6)  # the typing pause passes: still nothing saved
            assert screen.session.read_only
        assert "income" not in answers(store, draft)

    try:
        run(go())
    finally:
        other.close()


def test_heartbeat_lost_with_nothing_typed_says_read_only(tmp_path: Path) -> None:
    store = tmp_path / "s.sqlite3"
    draft = make_draft(store)
    other = Store.open(store, owner="王委员")

    async def go() -> None:
        app = app_for(store)
        async with app.run_test(size=(100, 30)) as pilot:
            screen = await open_walk(pilot, "meeting")
            fall_asleep(store)
            assert other.acquire(draft)
            await screen._heartbeat()
            await pilot.pause()
            assert "王委员" in banner(screen)
            assert not screen.query_one("#unsaved").display
            assert any("只读" in m for m in messages(app)), messages(app)
            await pilot.press("y")
            await pilot.pause()
        assert "meeting" not in answers(store, draft)

    try:
        run(go())
    finally:
        other.close()


def test_lock_lost_but_free_again_is_taken_back(tmp_path: Path) -> None:
    """The other window took over, changed an answer and closed: the next save takes the lock
    back, re-reads that answer and saves ours; the walk stays editable."""
    store = tmp_path / "s.sqlite3"
    draft = make_draft(store)

    async def go() -> None:
        app = app_for(store)
        async with app.run_test(size=(100, 30)) as pilot:
            screen = await open_walk(pilot, "meeting")
            fall_asleep(store)
            with Store.open(store) as other:
                assert other.acquire(draft)
                other.set_answer(draft, "branch", Answer(value="city"))
            await pilot.press("y")
            await pilot.pause()
            assert not screen.session.read_only
            assert not screen.query("#banner")
            assert screen.session.answer("branch").value == "city"
            assert screen.session.result.item("branch").status == "full"

    run(go())
    saved = answers(store, draft)
    assert saved["meeting"].value is True and saved["branch"].value == "city"


def test_no_fresh_store_offered_when_the_file_must_stay(tmp_path: Path) -> None:
    folder = tmp_path / "store-is-a-folder"
    folder.mkdir()
    (folder / "keep.txt").write_text("x")

    async def go() -> None:
        app = app_for(folder)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, StoreErrorScreen)
            assert not screen.query("#fresh")
            assert screen.query_one("#no-fresh", Static)
            assert [b.id for b in screen.query(Button)] == ["quit"]
            await pilot.press("f")
            await pilot.pause()
            assert app.screen is screen

    run(go())
    assert sorted(p.name for p in folder.iterdir()) == ["keep.txt"]
    assert not [p for p in tmp_path.iterdir() if ".broken-" in p.name]


def test_home_from_a_text_box_and_from_the_list(tmp_path: Path) -> None:
    store = tmp_path / "s.sqlite3"
    draft = make_draft(store)

    async def go() -> None:
        app = app_for(store)
        async with app.run_test(size=(100, 30)) as pilot:
            screen = await open_walk(pilot)
            screen.query_one("#note", Input).focus()
            await pilot.pause()
            await pilot.press(*"有记录", "f2")  # 返回首页 also from inside a text box
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen)
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, WalkScreen)
            await pilot.press("escape", "h")
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen)
        assert answers(store, draft)["meeting"].note == "有记录"

    run(go())


def test_browsing_fast_shows_only_the_last_items_answer(tmp_path: Path) -> None:
    """Moving in the tree shows each item at once; its answer widget follows after the paint,
    and items passed over while a key is held get none."""
    store = tmp_path / "s.sqlite3"
    make_draft(store)

    async def go() -> None:
        async with app_for(store).run_test(size=(100, 30)) as pilot:
            screen = await open_walk(pilot)
            view = screen.query_one(ItemView)
            screen.query_one(SectionTree).focus()
            await pilot.press("j", "j", "j", "j")  # meeting → oversize → oversize_fix → branch → grid
            await pilot.pause()
            assert view.item_id == "grid" and view.answer_ready
            shown = [w for w in screen.query(AnswerWidget) if w.display]
            assert len(shown) == 1 and shown[0].item.id == "grid"
            await pilot.press("k", "enter")  # Enter right after a move: the answer takes focus
            await pilot.pause()
            assert view.item_id == "branch"
            focused = pilot.app.focused
            assert focused is not None and any(isinstance(n, AnswerWidget) for n in focused.ancestors_with_self)

    run(go())


def test_the_walk_gives_the_garbage_collector_back(tmp_path: Path) -> None:
    import gc

    store = tmp_path / "s.sqlite3"
    make_draft(store)
    before = gc.get_threshold()

    async def go() -> None:
        async with app_for(store).run_test(size=(100, 30)) as pilot:
            await open_walk(pilot)
            assert gc.get_threshold()[2] > before[2], "no full collections in the middle of a move"
            assert gc.get_freeze_count() > 0
            await pilot.press("h")
            await pilot.pause()
            assert isinstance(pilot.app.screen, HomeScreen)
            assert gc.get_threshold() == before
            assert gc.get_freeze_count() == 0

    run(go())


def test_home_stays_when_the_drafts_cannot_be_scored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The home list scores drafts in a worker; a failure there says so and leaves the list."""
    import checklist.store.summary as summary

    store = tmp_path / "s.sqlite3"
    make_draft(store)

    def broken(*_: object) -> object:
        raise RuntimeError("数据文件读取出错")

    monkeypatch.setattr(summary, "scored_drafts", broken)

    async def go() -> None:
        app = app_for(store)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert app.is_running
            table = app.screen.query_one("#drafts", DataTable)
            assert table.row_count == 1
            assert any("读取各自评的得分失败" in m for m in messages(app)), messages(app)

    run(go())
