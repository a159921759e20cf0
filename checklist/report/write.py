"""write_report: the whole workbook, written beside the target and renamed into place.

Pure: it takes a rubric, its sha256, an assessment and its result, and writes one file. The
CLI's ``export`` and the TUI's export dialog both call it. openpyxl is imported in here only.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from checklist.assessment import Assessment
from checklist.rubric.model import Rubric
from checklist.scoring.result import Result
from checklist.xlsx.atomic import TargetExists, save_workbook


class ReportExists(TargetExists):
    """The target exists and ``force`` was not given."""

    hint = "如要覆盖，请加 --force（或在导出时确认覆盖）"


def build_workbook(
    rubric: Rubric, sha256: str, assessment: Assessment, result: Result, exported: str, review: Any = None
) -> Any:
    """The village workbook; ``review`` (``detail.ReviewColumns``) fills 评分明细's 乡镇审核 columns."""
    from openpyxl import Workbook

    from checklist.report.data import FORMAT, NOTICE, build_payload, short_code
    from checklist.report.pages import page_header, status_line
    from checklist.report.sheets import detail, gaps, summary
    from checklist.xlsx import datasheet
    from checklist.xlsx.safe import clean
    from checklist.xlsx.styles import Palette

    wb = Workbook()
    palette = Palette(wb)
    ws = wb.active
    ws.title = summary.NAME
    title = summary.report_title(rubric, assessment)
    layout: dict[str, Any] = {"summary": summary.write_summary(ws, palette, rubric, assessment, result, exported)}
    layout["detail"] = detail.write_detail(
        wb.create_sheet(detail.NAME), palette, rubric, assessment, result, title, review
    )
    gaps.write_gaps(wb.create_sheet(gaps.NAME), palette, rubric, assessment, result, title)
    payload = build_payload(rubric, sha256, assessment, result, exported, layout)
    datasheet.write(wb.create_sheet(datasheet.SHEET), NOTICE, FORMAT, payload)
    status = status_line(assessment, short_code(datasheet.checksum(datasheet.payload_text(payload))))
    for ws in wb.worksheets[:-1]:  # every printed sheet; the data sheet is very hidden
        page_header(ws, assessment, ws.title, status)
    wb.active = 0
    wb.properties.title = clean(title, 250)
    wb.properties.creator = "checklist"
    return wb


def write_report(
    rubric: Rubric,
    sha256: str,
    assessment: Assessment,
    result: Result,
    path: str | Path,
    *,
    force: bool = False,
    now: datetime | None = None,
) -> Path:
    """Write the workbook to ``path``; ReportExists if it is there and ``force`` is False."""
    exported = (now or datetime.now()).strftime("%Y-%m-%d %H:%M")
    wb = build_workbook(rubric, sha256, assessment, result, exported)
    return save_workbook(wb, Path(path), force=force, exists=ReportExists)
