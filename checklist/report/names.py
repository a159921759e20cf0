"""The default name and place of an exported report."""

from __future__ import annotations

from pathlib import Path

from checklist.assessment import Assessment
from checklist.xlsx.names import safe_file_name

__all__ = ["default_report_name", "default_report_path"]


def default_report_name(assessment: Assessment) -> str:
    """``{年度}-{乡镇}-{村名}-自评.xlsx``, leaving out what is not filled in."""
    parts = [f"{assessment.year}" if assessment.year else "", assessment.township.strip(), assessment.village.strip()]
    stem = "-".join(p for p in parts if p)
    return safe_file_name(f"{stem}-自评" if stem else "自评")


def default_report_path(assessment: Assessment, folder: str | Path = "reports") -> Path:
    return Path(folder) / default_report_name(assessment)
