"""Issue 10: focus is always visible, on the item panel and every focusable widget in it, in the
dark and the light theme (Tab used to land on a panel that looked just the same)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Tree
from tui_support import app_for, make_draft, open_walk, run


def looks(app, widget) -> list[tuple[tuple[str, object], ...]]:  # type: ignore[no-untyped-def]
    """The cells the widget covers on screen, with their styles."""
    region = widget.region
    strips = app.screen._compositor.render_strips()[region.y : region.bottom]
    return [tuple((seg.text, seg.style) for seg in strip.crop(region.x, region.right)) for strip in strips]


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light"])
def test_every_focusable_part_of_the_item_shows_its_focus(tmp_path: Path, theme: str) -> None:
    store = tmp_path / "s.sqlite3"
    make_draft(store)

    async def go() -> None:
        app = app_for(store)
        async with app.run_test(size=(100, 30)) as pilot:
            app.theme = theme
            walk = await open_walk(pilot)
            view, tree = walk.query_one("ItemView"), walk.query_one(Tree)
            seen = set()
            for item_id in ("meeting", "newfield", "income"):  # ticks, yes/no, 不适用, numbers, note
                await walk.jump_to(item_id)
                await pilot.pause()
                for widget in [view, *(w for w in view.query("*") if w.focusable and w.display)]:
                    tree.focus()
                    await pilot.pause()
                    before = looks(app, widget)
                    widget.focus()
                    await pilot.pause()
                    assert looks(app, widget) != before, f"{type(widget).__name__} #{widget.id} in {item_id}"
                    seen.add(type(widget).__name__)
            assert {"ItemView", "TickList", "RadioSet", "Tick", "TextField"} <= seen

    run(go())
