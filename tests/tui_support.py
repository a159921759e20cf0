"""Shared helpers for the TUI tests: a temp store with a draft on the all-types rubric."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from checklist.assessment import Answer
from checklist.rubric import load_rubric
from checklist.store import Store
from checklist.tui.app import ChecklistApp

HERE = Path(__file__).resolve().parent
TEST_RUBRIC = HERE / "tui_data" / "all_types.yaml"
TODAY = date(2026, 3, 1)


def make_draft(store_path: Path, rubric: Path = TEST_RUBRIC, *, profile: str | None = None, **who: Any) -> int:
    store = Store.open(store_path)
    fields = {"village": "红旗村", "township": "城关镇", "year": 2025, "assessor": "张书记"} | who
    return store.create(load_rubric(rubric), profile=profile, **fields)


def answers(store_path: Path, draft_id: int) -> dict[str, Answer]:
    return dict(Store.open(store_path).assessment(draft_id).answers)


def app_for(store_path: Path) -> ChecklistApp:
    return ChecklistApp(store_path, today=TODAY)


def run(coro: Any) -> Any:
    """Pilot tests are coroutines; pytest here has no asyncio plugin."""
    import asyncio

    return asyncio.run(coro)


async def open_walk(pilot: Any, item_id: str | None = None) -> Any:
    """From the home screen, open the highlighted draft; optionally go to an item."""
    from checklist.tui.screens.walk import WalkScreen

    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, WalkScreen), screen
    if item_id is not None:
        await screen.jump_to(item_id)
        await pilot.pause()
    return screen
