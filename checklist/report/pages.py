"""What every printed page says: year, village and sheet in the header, and whether the paper is
a draft (草稿（未定稿）) or final (定稿时间 and 校验码, matching the file's 数据 sheet)."""

from __future__ import annotations

from openpyxl.worksheet.worksheet import Worksheet

from checklist.assessment import Assessment
from checklist.dates import zh_time
from checklist.xlsx.cells import headers

DRAFT = "草稿（未定稿）"


def status_line(assessment: Assessment, code: str) -> str:
    """草稿（未定稿）, or 定稿时间 … 校验码 … for a final assessment."""
    if assessment.finalized is None:
        return DRAFT
    return f"定稿时间：{zh_time(assessment.finalized)}　校验码：{code}"


def page_header(ws: Worksheet, assessment: Assessment, sheet: str, status: str) -> None:
    """The same header on every page of the sheet; page numbers start at 1 on each sheet."""
    year = f"{assessment.year}年度" if assessment.year else ""
    who = f"{year}　{assessment.township}{assessment.village}".strip("　")
    # the sheet's name on the left with who: the right holds the long 定稿时间 and 校验码
    headers(ws, f"{who}　{sheet}".strip("　"), "", status)
