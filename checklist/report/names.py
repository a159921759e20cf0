"""The default name and place of an exported report."""

from __future__ import annotations

from pathlib import Path

from checklist.assessment import Assessment
from checklist.xlsx.names import safe_file_name

__all__ = ["default_report_name", "default_report_path", "export_folder"]


def default_report_name(assessment: Assessment) -> str:
    """``{年度}-{乡镇}-{村名}-自评.xlsx``, leaving out what is not filled in."""
    parts = [f"{assessment.year}" if assessment.year else "", assessment.township.strip(), assessment.village.strip()]
    stem = "-".join(p for p in parts if p)
    return safe_file_name(f"{stem}-自评" if stem else "自评")


def export_folder() -> Path:
    """Where exported workbooks go by default: 文档/checklist in the user's documents folder (an
    absolute place the secretary can find in Explorer, not the folder the program started in)."""
    from platformdirs import user_documents_dir

    return Path(user_documents_dir()) / "checklist"


def default_report_path(assessment: Assessment, folder: str | Path = "reports") -> Path:
    return Path(folder) / default_report_name(assessment)
