"""write_report: the whole workbook, written beside the target and renamed into place.

Pure: it takes a rubric, its sha256, an assessment and its result, and writes one file. The
CLI's ``export`` and the TUI's export dialog both call it. openpyxl is imported in here only.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any

from checklist.assessment import Assessment
from checklist.rubric.model import Rubric
from checklist.scoring.result import Result


class ReportExists(FileExistsError):
    """The target exists and ``force`` was not given (the message is Chinese)."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"{path} 已存在；如要覆盖，请加 --force（或在导出时确认覆盖）")
        self.path = path


def build_workbook(rubric: Rubric, sha256: str, assessment: Assessment, result: Result, exported: str) -> Any:
    from openpyxl import Workbook

    from checklist.report.data import SHEET, build_payload, payload_text
    from checklist.report.safe import clean
    from checklist.report.sheets import data, detail, gaps, summary
    from checklist.report.styles import Palette

    wb = Workbook()
    palette = Palette(wb)
    ws = wb.active
    ws.title = summary.NAME
    title = summary.report_title(rubric, assessment)
    layout: dict[str, Any] = {"summary": summary.write_summary(ws, palette, rubric, assessment, result, exported)}
    layout["detail"] = detail.write_detail(wb.create_sheet(detail.NAME), palette, rubric, assessment, result, title)
    gaps.write_gaps(wb.create_sheet(gaps.NAME), palette, rubric, assessment, result, title)
    payload = build_payload(rubric, sha256, assessment, result, exported, layout)
    data.write_data(wb.create_sheet(SHEET), payload_text(payload))
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
    target = Path(path)
    if target.exists() and not force:
        raise ReportExists(target)
    exported = (now or datetime.now()).strftime("%Y-%m-%d %H:%M")
    wb = build_workbook(rubric, sha256, assessment, result, exported)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.stem[:40]}.", suffix=".tmp", dir=target.parent)
    tmp = Path(tmp_name)
    try:
        os.chmod(tmp, _file_mode())
        with os.fdopen(fd, "w+b") as handle:
            wb.save(handle)
            handle.flush()
            os.fsync(handle.fileno())
        if force:
            os.replace(tmp, target)
        else:
            _place_new(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    return target


def _file_mode() -> int:
    """What an ordinary new file gets (mkstemp makes it 0600)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def _place_new(tmp: Path, target: Path) -> None:
    """Rename without overwriting: a hard link fails if the target appeared meanwhile."""
    try:
        os.link(tmp, target)
    except FileExistsError:
        raise ReportExists(target) from None
    except OSError:  # no hard links here (FAT, some network shares): check, then rename
        if target.exists():
            raise ReportExists(target) from None
        os.replace(tmp, target)
        return
    tmp.unlink()
