"""Laying a sheet out on A4: columns that fit the page at 100%, one number format per column,
and page breaks between items.

The breaks are ours, not the spreadsheet's: the row heights are known (cells.Writer sets them),
so rows are grouped into blocks (an item; an item with the 小计 after it; the last item with
the 合计 and the sign-off) and a page ends only between blocks. A block taller than a page is
left to the spreadsheet to split.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from openpyxl.worksheet.pagebreak import Break, RowBreak
from openpyxl.worksheet.worksheet import Worksheet

from checklist.xlsx.styles import NUMBER

# A4 in points, and the margins print_setup sets (inches × 72).
A4_LONG, A4_SHORT = 842.0, 595.0
MARGIN_TOP = MARGIN_BOTTOM = 0.7 * 72
DEFAULT_ROW = 15.0
# LibreOffice takes the page header and footer out of the body (0.5 cm each and 0.25 cm spacing;
# Excel prints them inside the margins): leave their room on every page.
HEADER_FOOTER = 2 * (0.75 / 2.54 * 72)
SLACK = 0.97  # renderers round each row a little; leave room rather than spill one row over
# How many column-width units fit between the margins at 100%: LibreOffice counts a unit about
# a quarter wider than Excel (its fallback for 宋体), so these are its numbers (6.65 pt a unit).
PAGE_UNITS_LANDSCAPE, PAGE_UNITS_PORTRAIT = 113.0, 77.0


@dataclass(frozen=True)
class Block:
    """Rows ``first``..``last`` print on one page."""

    first: int
    last: int


def decimals(values: Iterable[Decimal]) -> int:
    """As many decimals as the numbers need (at most 2: points are rounded to cents)."""
    most = 0
    for v in values:
        exponent = v.normalize().as_tuple().exponent
        if isinstance(exponent, int) and exponent < 0:
            most = max(most, -exponent)
    return min(most, 2)


def column_format(values: Iterable[Decimal]) -> str:
    """One number format for a column: ``0``, ``0.0`` or ``0.00`` (never ``0.##``, which Excel
    shows as “17.”)."""
    n = decimals(values)
    return "0" if n == 0 else "0." + "0" * n


def one_format_per_column(ws: Worksheet, first_row: int, last_row: int) -> None:
    """Every column of plain numbers (style ``0.##``, which Excel shows as “17.”) between the rows
    gets one format with as many decimals as its numbers need."""
    for column in ws.iter_cols(min_row=first_row, max_row=last_row):
        cells = [c for c in column if c.number_format == NUMBER and isinstance(c.value, (int, float))]
        if cells:
            fmt = column_format(Decimal(str(c.value)) for c in cells)
            for c in cells:
                c.number_format = fmt


def page_units(*, landscape: bool) -> float:
    """The column-width units that print on one A4 page at 100%."""
    return PAGE_UNITS_LANDSCAPE if landscape else PAGE_UNITS_PORTRAIT


def signed_format(values: Iterable[Decimal]) -> str:
    """A difference column's one number format, its sign always shown: ``+0.5``, ``-1.0``, ``0.0``."""
    body = column_format(values)
    return f"+{body};-{body};{body}"


def page_height(*, landscape: bool) -> float:
    """The printable height of an A4 page at 100%, in points."""
    return (A4_SHORT if landscape else A4_LONG) - MARGIN_TOP - MARGIN_BOTTOM - HEADER_FOOTER


def _height(ws: Worksheet, row: int) -> float:
    h = ws.row_dimensions[row].height
    return float(h) if h else DEFAULT_ROW


def paginate(ws: Worksheet, blocks: list[Block], *, landscape: bool, title_rows: tuple[int, int] | None) -> int:
    """Put row breaks between blocks so that none is split where it fits on a page; returns
    the number of pages. The repeated title rows take their room on every page."""
    room = page_height(landscape=landscape) * SLACK
    if title_rows is not None:
        room -= sum(_height(ws, r) for r in range(title_rows[0], title_rows[1] + 1))
    ws.row_breaks = RowBreak()
    pages, used = 1, 0.0
    if blocks and title_rows is not None:  # the first page also holds what is above the table
        above = range(1, blocks[0].first)
        used = sum(_height(ws, r) for r in above if not title_rows[0] <= r <= title_rows[1])
    for block in blocks:
        tall = sum(_height(ws, r) for r in range(block.first, block.last + 1))
        if used > 0 and used + tall > room:
            ws.row_breaks.append(Break(id=block.first - 1))
            pages += 1
            used = 0.0
        used += tall
        while used > room:  # a block taller than a page: the spreadsheet splits it
            used -= room
            pages += 1
    return pages
