"""The workbook's styles (公文 fonts, row colours), built once per workbook and copied onto cells.

Imported only while writing: it imports openpyxl.
"""

from __future__ import annotations

from copy import copy
from typing import Any

from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.workbook import Workbook

TITLE_FONT = "黑体"
BODY_FONT = "宋体"
NOTE_FONT = "仿宋"
BODY_SIZE = 10.5
# One line of 10.5-point CJK text, with leading, in the font that prints it: 宋体 in Excel or WPS
# takes about 13.5 pt; LibreOffice's fallback Noto Sans CJK 15.2 pt (1.447 em; WenQuanYi 13.6).
# The tallest, so no last line is cut anywhere (in Excel a row is then about a line in eight
# taller than its text, never twice).
LINE_POINTS = 15.2

FILLS = {
    "full": "E2EFDA",
    "partial": "FFF2CC",
    "zero": "FCE4D6",
    "unanswered": "FCE4D6",
    "na": "EDEDED",
    "not_relevant": "EDEDED",
    "info": "EDEDED",
    "invalid": "FCE4D6",
    "pending": "EDEDED",
    "veto": "FFC7CE",
    "head": "D9E1F2",
    "label": "F2F2F2",
}
RED = "C00000"

_thin = Side(style="thin", color="808080")
BOX = Border(left=_thin, right=_thin, top=_thin, bottom=_thin)
WRAP_LEFT = Alignment(horizontal="left", vertical="top", wrap_text=True)
WRAP_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
NUMBER = "0.##"
PERCENT = "0.0%"


def _spec(
    font: Font,
    alignment: Alignment = WRAP_LEFT,
    fill: str | None = None,
    border: Border | None = BOX,
    number_format: str | None = None,
) -> dict[str, Any]:
    spec: dict[str, Any] = {"font": font, "alignment": alignment}
    if fill:
        spec["fill"] = PatternFill("solid", fgColor=fill)
    if border is not None:
        spec["border"] = border
    if number_format:
        spec["number_format"] = number_format
    return spec


def _specs() -> dict[str, dict[str, Any]]:
    body = Font(name=BODY_FONT, size=BODY_SIZE)
    bold = Font(name=TITLE_FONT, size=BODY_SIZE)
    specs: dict[str, dict[str, Any]] = {
        "title": _spec(Font(name=TITLE_FONT, size=16), WRAP_CENTER, border=None),
        "subtitle": _spec(Font(name=BODY_FONT, size=BODY_SIZE), WRAP_CENTER, border=None),
        "head": _spec(bold, WRAP_CENTER, FILLS["head"]),
        "label": _spec(bold, Alignment(horizontal="left", vertical="center", wrap_text=True), FILLS["label"]),
        "text": _spec(body),
        "note": _spec(Font(name=NOTE_FONT, size=BODY_SIZE)),
        "center": _spec(body, WRAP_CENTER),
        "number": _spec(body, WRAP_CENTER, number_format=NUMBER),
        "percent": _spec(body, WRAP_CENTER, number_format=PERCENT),
        "year": _spec(body, Alignment(horizontal="left", vertical="top"), number_format="0"),
        "big": _spec(Font(name=TITLE_FONT, size=14, color=RED), Alignment(vertical="center", wrap_text=True)),
        "alert": _spec(Font(name=TITLE_FONT, size=BODY_SIZE, color=RED), WRAP_LEFT),
        "subtotal": _spec(bold, Alignment(horizontal="left", vertical="center", wrap_text=True), FILLS["label"]),
        "number:subtotal": _spec(bold, WRAP_CENTER, FILLS["label"], number_format=NUMBER),
        "sign": _spec(Font(name=BODY_FONT, size=BODY_SIZE), Alignment(vertical="top", wrap_text=True), border=None),
        "data": _spec(Font(name=BODY_FONT, size=9), Alignment(vertical="top"), border=None),
    }
    for status in ("full", "partial", "zero", "unanswered", "invalid", "pending", "na", "not_relevant", "info", "veto"):
        font = Font(name=TITLE_FONT, size=BODY_SIZE, color=RED) if status == "veto" else body
        specs[f"text:{status}"] = _spec(font, fill=FILLS[status])
        specs[f"center:{status}"] = _spec(font, WRAP_CENTER, FILLS[status])
        specs[f"number:{status}"] = _spec(font, WRAP_CENTER, FILLS[status], number_format=NUMBER)
    return specs


def _default_font(wb: Workbook) -> None:
    """The workbook's default font is the body font. Column widths are counted in digits of
    the default font: with Calibri, which LibreOffice replaces by a wider one where it is not
    installed, the columns print a third wider there than in Excel or WPS."""
    from openpyxl.utils.indexed_list import IndexedList

    font = Font(name=BODY_FONT, size=BODY_SIZE, family=3, charset=134)
    wb._fonts = IndexedList([font])
    wb._named_styles["Normal"].font = copy(font)


class Palette:
    """Every style set once on a scratch sheet; cells then get a copy of its style record,
    which is much cheaper than assigning font, fill, border and alignment cell by cell."""

    def __init__(self, wb: Workbook) -> None:
        _default_font(wb)
        scratch = wb.create_sheet("_styles")
        self._arrays: dict[str, Any] = {}
        self.sizes: dict[str, float] = {}  # font size of each style: a 16-point title wraps sooner
        for n, (key, spec) in enumerate(_specs().items(), start=1):
            self.sizes[key] = float(spec["font"].size)
            cell = scratch.cell(row=n, column=1)
            for attr, value in spec.items():
                setattr(cell, attr, value)
            self._arrays[key] = cell._style
        wb.remove(scratch)

    def __getitem__(self, key: str) -> Any:
        return copy(self._arrays[key])
