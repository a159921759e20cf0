"""The roll-up on paper: every sheet at 100% on A4 (body text 10.5 pt, none shrunk to fit), each
title with the room its 16-point text needs, and year over year written as numbers."""

from __future__ import annotations

import math
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from township_support import rubric, township, write_inputs

from checklist.cjk import width
from checklist.township import RollUp, aggregate
from checklist.township.workbook import write_rollup
from checklist.xlsx.layout import page_units


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> tuple[RollUp, Path]:
    base = tmp_path_factory.mktemp("print")
    last = township(2025, 12)
    for a in last:
        a.year = 2025
    write_inputs(last, base / "2025", 0)
    previous = write_rollup(aggregate([base / "2025"], rubric()), base / "2025.xlsx")
    write_inputs(township(2026, 12), base / "2026", 2)
    now = aggregate([base / "2026"], rubric(), previous=previous, scope="township")
    return now, write_rollup(now, base / "2026.xlsx")


def test_every_sheet_prints_at_full_size_within_the_page(book: tuple[RollUp, Path]) -> None:
    wb = load_workbook(book[1])
    for ws in wb.worksheets:
        if ws.sheet_state != "visible":
            continue
        assert not ws.sheet_properties.pageSetUpPr.fitToPage, f"{ws.title} shrinks to fit the page"
        assert ws.page_setup.scale in (None, 100), ws.title
        landscape = ws.page_setup.orientation == "landscape"
        used = sum(ws.column_dimensions[get_column_letter(c)].width for c in range(1, ws.max_column + 1))
        assert used <= page_units(landscape=landscape), f"{ws.title}: {used} units wider than the page"


def test_titles_have_the_room_their_text_needs(book: tuple[RollUp, Path]) -> None:
    wb = load_workbook(book[1])
    for ws in wb.worksheets:
        if ws.sheet_state != "visible":
            continue
        title = str(ws["A1"].value)
        size = ws["A1"].font.sz
        merged = next((r for r in ws.merged_cells.ranges if r.min_row == 1 and r.min_col == 1), None)
        cols = range(1, (merged.max_col if merged else 1) + 1)
        room = sum(ws.column_dimensions[get_column_letter(c)].width for c in cols) - 0.5
        lines = math.ceil(width(title) * size / 10.5 / room)
        assert ws.row_dimensions[1].height >= lines * size * 1.3, f"{ws.title}: the title “{title}” is cut"


def test_year_over_year_as_numbers_with_last_years_level(book: tuple[RollUp, Path]) -> None:
    rollup, path = book
    ws = load_workbook(path)["排名"]
    heads = [ws.cell(row=3, column=c).value for c in range(1, ws.max_column + 1)]
    level, change = heads.index("上年星级") + 1, heads.index("增减") + 1
    compared = 0
    for row, v in enumerate(rollup.villages, start=4):
        shown = ws.cell(row=row, column=change)
        if v.previous is None:
            assert shown.value in (None, "") and ws.cell(row=row, column=level).value in (None, "")
            continue
        compared += 1
        assert isinstance(shown.value, (int, float)), f"增减 written as {type(shown.value).__name__}"
        assert Decimal(str(shown.value)) == v.change
        assert shown.number_format.startswith("+")  # the sign shows on a rise
        assert ws.cell(row=row, column=level).value == v.previous.level_label
    assert compared


def test_self_minus_review_is_a_number_too(book: tuple[RollUp, Path]) -> None:
    rollup, path = book
    ws = load_workbook(path)["各村得分"]
    heads = [ws.cell(row=3, column=c).value for c in range(1, ws.max_column + 1)]
    col = heads.index("自评−审核") + 1
    for row, v in enumerate(rollup.villages, start=4):
        value = ws.cell(row=row, column=col).value
        assert (value in (None, "")) if v.difference is None else Decimal(str(value)) == v.difference
