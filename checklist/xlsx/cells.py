"""Putting values into cells safely, and sizing columns and rows for CJK text."""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from checklist.cjk import print_width
from checklist.xlsx.safe import ILLEGAL, REPLACEMENT, clean, looks_like_formula
from checklist.xlsx.styles import BODY_SIZE, LINE_POINTS, Palette

MAX_ROW_POINTS = 409.0  # Excel's limit


def number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


class Writer:
    """Writes one sheet: every string is text (never a formula), cleaned and bounded."""

    def __init__(self, ws: Worksheet, palette: Palette, widths: list[float]) -> None:
        self.ws = ws
        self.palette = palette
        self.widths = widths
        for n, w in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(n)].width = w
        self._lines: dict[int, float] = {}

    def put(self, row: int, col: int, value: Any, style: str, span: int = 1) -> None:
        cell = self.ws.cell(row=row, column=col)
        if isinstance(value, Decimal):
            value = number(value)
        if isinstance(value, str):
            value = clean(value)
            cell.value = value
            cell.data_type = "s"  # openpyxl would take a leading "=" for a formula
            cell._style = self.palette[style]
            if looks_like_formula(value):
                cell.quotePrefix = True  # Excel keeps it text when the cell is edited
            self._measure(row, col, value, span, self.palette.sizes.get(style, BODY_SIZE) / BODY_SIZE)
        else:
            cell.value = value
            cell._style = self.palette[style]
        if span > 1:
            for extra in range(col + 1, col + span):
                self.ws.cell(row=row, column=extra)._style = self.palette[style]
            self.ws.merge_cells(start_row=row, start_column=col, end_row=row, end_column=col + span - 1)

    def _measure(self, row: int, col: int, text: str, span: int, scale: float = 1.0) -> None:
        """Lines of body text the cell needs (a larger font counts as more of them, and its
        characters as wider)."""
        room = sum(self.widths[col - 1 : col - 1 + span]) - 0.5  # a unit is half a CJK character
        count = 0
        for part in text.split("\n"):
            count += max(1, math.ceil(print_width(part) * scale / room)) if room > 0 else 1
        lines = count * scale
        if lines > self._lines.get(row, 1):
            self._lines[row] = lines

    def tall(self, row: int, points: float) -> None:
        """At least ``points`` of room (a signature, a stamp, an opinion written by hand)."""
        self._lines[row] = max(self._lines.get(row, 1), (points - 4) / LINE_POINTS)

    def at_least(self, row: int, points: float) -> None:
        """A row no lower than ``points`` (call after row_heights): a title's room above the table."""
        dim = self.ws.row_dimensions[row]
        dim.height = min(MAX_ROW_POINTS, max(float(dim.height or 0), points))

    def row_heights(self, minimum: float = LINE_POINTS + 2, scale: float = 1.0) -> None:
        """Heights that show the whole wrapped text (Excel does not grow rows it did not lay out)."""
        for row in range(1, self.ws.max_row + 1):
            lines = self._lines.get(row, 1)
            height = max(minimum, lines * LINE_POINTS * scale + 4)
            self.ws.row_dimensions[row].height = min(MAX_ROW_POINTS, height)


def fit_width(texts: list[str], least: float, most: float) -> float:
    """A column width that fits the widest text, CJK counted as two, within bounds."""
    widest = max((max((print_width(p) for p in t.split("\n")), default=0) for t in texts), default=0)
    return max(least, min(most, widest + 2))


def print_setup(ws: Worksheet, *, landscape: bool, title_rows: str | None = None, fit: bool = True) -> None:
    """A4, margins, page numbers; ``fit``: shrink to the page width, else print at 100% (the
    columns are laid out to fit, and the page breaks are placed by row height)."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    if fit:
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
    else:
        ws.page_setup.scale = 100
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.7
    ws.page_margins.footer = 0.3
    ws.page_setup.firstPageNumber = 1  # each sheet numbers its own pages
    ws.page_setup.useFirstPageNumber = True
    ws.oddFooter.center.text = "第 &P 页"  # per sheet; a total (&N) would count the whole workbook in LibreOffice
    ws.oddFooter.center.font = "宋体"
    ws.oddFooter.center.size = 10.5
    if title_rows:
        ws.print_title_rows = title_rows


HEADER_FONT = "宋体"
HEADER_SIZE = 10.5


def _escape(text: str, limit: int = 60) -> str:
    """One line, XML-safe, short (a whole header holds at most 255 characters); "&" doubled
    because it starts a header code in Excel."""
    text = " ".join(ILLEGAL.sub(REPLACEMENT, text).split())
    text = text if len(text) <= limit else text[: limit - 1] + "…"
    return text.replace("&", "&&")


def headers(ws: Worksheet, left: str, center: str, right: str) -> None:
    """Any printed sheet's header (the village report's, the fill-in form's, the roll-up's)."""
    parts = [(ws.oddHeader.left, left), (ws.oddHeader.center, center), (ws.oddHeader.right, right)]
    for part, text in parts:
        part.text = _escape(text)
        part.font = HEADER_FONT
        part.size = HEADER_SIZE
    ws.page_margins.header = 0.3
