"""Issue 10: the township's 审核 table is whole at 80×24: every column on screen, every cell's
text readable (broken by the Chinese rules inside its column), and tidy at 120×40."""

from __future__ import annotations

import asyncio
import re
from datetime import date
from pathlib import Path

import pytest
from report_helpers import export, load_example

from checklist.tui.review_app import ReviewApp
from checklist.tui.screens.township_review import TownshipReviewScreen

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "village-star-complete.json"
REASON = "县级命名文件未提供，不予认定。请于下一年度补齐命名文件后重新申报，届时另行审核。"
HEADERS = ("序号", "指标", "村的自评", "自评得分", "审核得分", "审核意见")


def _squeezed(text: str) -> str:
    return re.sub(r"[ \n\u2580-\u259f]", "", text)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_column_and_cell_is_readable(tmp_path: Path, size: tuple[int, int]) -> None:
    report = export(EXAMPLE, tmp_path)
    loaded, _, _ = load_example(EXAMPLE)

    async def go() -> None:
        app = ReviewApp(tmp_path / "s.sqlite3", report, loaded, None, tmp_path / "o.xlsx", today=date(2026, 12, 5))
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, TownshipReviewScreen)
            assert screen.session.decide("strongest_branch", "未开展创建", REASON, {}) is None
            screen.refresh_rows()
            await pilot.pause()
            table = screen.query_one("#review-items")
            assert table.virtual_size.width <= table.scrollable_content_region.width  # nothing to the right
            lines = [strip.text for strip in app.screen._compositor.render_strips()]
            top = table.region.y
            header = lines[top]
            for name in HEADERS:
                assert name in header, (name, header)
            # each column's text, read down the column, holds every visible cell whole
            x = table.region.x - table.scroll_offset.x
            shown = range(top + 1, table.region.bottom)
            for column in table.ordered_columns:
                width = column.get_render_width(table)
                down = "".join(_crop(lines[y], x, x + width) for y in shown)
                for row_key in list(table.rows)[:3]:  # the first rows are on screen
                    cell = str(table.get_cell(row_key, column.key))
                    assert _squeezed(cell) in _squeezed(down), (column.label, cell, down)
                x += width
            assert _squeezed(REASON) in _squeezed(down)  # the last column: 审核意见, whole

    asyncio.run(go())


def _crop(line: str, start: int, end: int) -> str:
    """Cells ``start``..``end`` of a screen line (wide characters count two)."""
    from rich.cells import cell_len

    out, at = [], 0
    for ch in line:
        w = cell_len(ch)
        if at >= start and at + w <= end:
            out.append(ch)
        at += w
    return "".join(out)


def test_the_review_app_speaks_chinese_in_its_footer_palette_and_ctrl_c(tmp_path: Path) -> None:
    """Textual's own “^p palette”, its English command list and its ctrl+c prompt do not show in
    the 审核 app: the footer, the palette and the quit hint are in Chinese, as in the main app."""
    from textual.command import CommandPalette

    report = export(EXAMPLE, tmp_path)
    loaded, _, _ = load_example(EXAMPLE)

    async def go() -> None:
        app = ReviewApp(tmp_path / "s.sqlite3", report, loaded, None, tmp_path / "o.xlsx", today=date(2026, 12, 5))
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            lines = [strip.text for strip in app.screen._compositor.render_strips()]
            assert "palette" not in lines[-1], lines[-1]
            await pilot.press("ctrl+c")
            await pilot.pause()
            said = " ".join(str(n.message) for n in app._notifications)
            assert "ctrl+q" in said and "Press" not in said, said
            await pilot.press("ctrl+p")
            await pilot.pause()
            assert CommandPalette.is_open(app)
            palette = app.screen
            await pilot.pause(0.3)
            shown = " ".join(strip.text for strip in palette._compositor.render_strips())
            assert "Quit" not in shown and "Search" not in shown and "退出" in shown, shown

    asyncio.run(go())
