"""The scored workbook (自评表): write it for print, read it back and re-score it.

openpyxl is imported only inside the functions that write; reading uses the zip members
directly (defusedxml), so ``import checklist.report`` stays cheap.
"""

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
