"""Snapshots at 80×24 (usable) and 120×40 (comfortable): fixed store, fixed dates, fixed year.

Update with ``pytest tests/test_tui_snapshots.py --snapshot-update`` after a deliberate change
and look at the report before committing."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input
from tui_support import app_for, make_draft

import checklist.store.store as store_module
from checklist.assessment import Answer
from checklist.store import Store

SIZES = [(80, 24), (120, 40)]
BEIJING = timezone(timedelta(hours=8))


@pytest.fixture
def fixed_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Two drafts, the first with a few answers, every timestamp fixed."""
    moments = iter(datetime(2026, 3, 1, 19, 30, tzinfo=BEIJING) + timedelta(minutes=n) for n in range(10_000))
    monkeypatch.setattr(store_module, "now", lambda: next(moments))
    path = tmp_path / "store.sqlite3"
    first = make_draft(path)
    make_draft(path, village="光明村", township="新桥镇", year=2026)
    with Store.open(path) as s:
        assert s.acquire(first)
        s.set_answer(first, "meeting", Answer(value=True, evidence=["会议记录"], note="每月召开"))
        s.set_answer(first, "branch", Answer(value="county"))
        s.set_answer(first, "income", Answer(value=12))
        s.set_answer(first, "gang", Answer(value=True))
        s.release(first)
    return path


async def open_first(pilot: Pilot[Any], item_id: str | None = None) -> None:
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()
    if item_id:
        await pilot.app.screen.jump_to(item_id)  # type: ignore[attr-defined]
        await pilot.pause()
        await pilot.press("escape")  # focus in the tree: no blinking cursor in the picture
        await pilot.pause()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_home(snap_compare: Any, fixed_store: Path, size: tuple[int, int]) -> None:
    async def before(pilot: Pilot[Any]) -> None:
        await pilot.app.workers.wait_for_complete()  # 已填 comes from the scoring worker
        await pilot.pause()

    assert snap_compare(app_for(fixed_store), terminal_size=size, run_before=before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_walk_yes_no_item(snap_compare: Any, fixed_store: Path, size: tuple[int, int]) -> None:
    async def before(pilot: Pilot[Any]) -> None:
        await open_first(pilot, "meeting")

    assert snap_compare(app_for(fixed_store), terminal_size=size, run_before=before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_walk_refused_number(snap_compare: Any, fixed_store: Path, size: tuple[int, int]) -> None:
    async def before(pilot: Pilot[Any]) -> None:
        await open_first(pilot, "income")
        box = pilot.app.screen.query_one("#number", Input)
        box.value = "十二万"
        await pilot.pause()
        pilot.app.screen.query_one("#tree").focus()
        await pilot.pause()

    assert snap_compare(app_for(fixed_store), terminal_size=size, run_before=before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_review(snap_compare: Any, fixed_store: Path, size: tuple[int, int]) -> None:
    async def before(pilot: Pilot[Any]) -> None:
        await open_first(pilot)
        await pilot.press("r")
        await pilot.pause()

    assert snap_compare(app_for(fixed_store), terminal_size=size, run_before=before)


def test_new_assessment_dialog(snap_compare: Any, fixed_store: Path) -> None:
    async def before(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("ctrl+s")  # every field's problem, in Chinese
        await pilot.pause()

    assert snap_compare(app_for(fixed_store), terminal_size=(80, 24), run_before=before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_walk_light_theme(snap_compare: Any, fixed_store: Path, size: tuple[int, int]) -> None:
    """Issue 10: the light theme (daylight, projectors): ticks, options and focus by shape."""

    async def before(pilot: Pilot[Any]) -> None:
        pilot.app.theme = "textual-light"
        await open_first(pilot, "meeting")  # evidence ticks, 是/否 options, the note
        pilot.app.screen.query_one("ItemView").focus()  # the panel's focus bar
        await pilot.pause()

    assert snap_compare(app_for(fixed_store), terminal_size=size, run_before=before)
