"""openpyxl is imported only while writing a workbook, never at start-up nor for reading."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _modules(code: str) -> set[str]:
    run = subprocess.run(
        [sys.executable, "-c", f"import sys; {code}; print('\\n'.join(sys.modules))"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return {m.split(".")[0] for m in run.stdout.split()}


def test_cli_and_report_package_import_no_openpyxl() -> None:
    mods = _modules("import checklist.cli, checklist.report")
    assert not mods & {"openpyxl", "python_calamine", "defusedxml", "textual"}


def test_help_does_not_import_openpyxl() -> None:
    run = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "checklist", "--help"], cwd=ROOT, capture_output=True, text=True
    )
    assert run.returncode == 0
    assert "openpyxl" not in run.stderr and "defusedxml" not in run.stderr


def test_reading_back_does_not_need_openpyxl() -> None:
    mods = _modules("import checklist.report.read")
    assert "openpyxl" not in mods
