"""The scored workbook (自评表): write it for print, read it back and re-score it.

openpyxl is imported only inside the functions that write; reading uses the zip members
directly (defusedxml), so ``import checklist.report`` stays cheap. The names below are imported
from their modules when first asked for, so that reading a workbook back (``checklist read``)
does not load the writer, nor writing load the reader.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from checklist.report.names import default_report_path
    from checklist.report.read import ReadBack, RefusedReport, read_report
    from checklist.report.write import ReportExists, write_report

__all__ = [
    "ReadBack",
    "RefusedReport",
    "ReportExists",
    "default_report_path",
    "read_report",
    "write_report",
]

_WHERE = {
    "ReadBack": "read",
    "RefusedReport": "read",
    "read_report": "read",
    "ReportExists": "write",
    "write_report": "write",
    "default_report_path": "names",
}


def __getattr__(name: str) -> object:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'checklist.report' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(f"checklist.report.{module}"), name)
    globals()[name] = value
    return value
