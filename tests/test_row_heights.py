"""Row heights count text as a CJK font prints it: “”‘’ and other ambiguous characters take a
full character's width there (a terminal gives them one column)."""

from __future__ import annotations

from openpyxl import Workbook

from checklist.xlsx.cells import Writer
from checklist.xlsx.styles import LINE_POINTS, Palette


def test_quotes_are_as_wide_as_a_character_when_rows_are_measured() -> None:
    wb = Workbook()
    ws = wb.active
    w = Writer(ws, Palette(wb), [16.0])
    w.put(1, 1, "选择“是”或“否”", "text")  # 5 characters and 4 quotes: more than 7.75 characters’ room
    w.put(2, 1, "选择是或否", "text")
    w.row_heights()
    assert ws.row_dimensions[1].height >= 2 * LINE_POINTS
    assert ws.row_dimensions[2].height < 2 * LINE_POINTS
