"""The layers hold: the core never imports Textual, start-up never imports openpyxl."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_import_contracts_are_kept() -> None:
    lint = Path(sys.executable).with_name("lint-imports")
    run = subprocess.run([str(lint), "--no-cache"], cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "0 broken" in run.stdout
    # the contracts the design relies on are there (a contract deleted from pyproject would pass)
    for name in (
        "The core never imports Textual",
        "Layers depend downward only",
        "The xlsx toolkit knows no rubric, score or assessment",
        "Fill-in and township use the xlsx toolkit, not the report",
        "No import loops",
    ):
        assert any(line.startswith(name) and " KEPT" in line for line in run.stdout.splitlines()), name


def _imported_after(statement: str) -> set[str]:
    code = f"import sys; {statement}; print('\\n'.join(sorted(sys.modules)))"
    run = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    return set(run.stdout.split())


def test_core_pulls_in_neither_textual_nor_openpyxl() -> None:
    mods = _imported_after("import checklist.rubric, checklist.scoring, checklist.assessment")
    assert not {m for m in mods if m.split(".")[0] in ("textual", "openpyxl", "rich")}


def test_cli_start_does_not_import_openpyxl() -> None:
    mods = _imported_after("import checklist.cli")
    assert not {m for m in mods if m.split(".")[0] == "openpyxl"}


def test_one_helper_saves_answers_and_decisions() -> None:
    """A draft's answers and a review's decisions are saved by one piece of code (store/keyed.py):
    the upsert of one value and its history row are written nowhere else in the store (a whole
    file imported at once inserts its answers in bulk: that is no upsert)."""
    import re

    store = Path(__file__).resolve().parent.parent / "checklist" / "store"
    pattern = re.compile(r"ON CONFLICT|INSERT INTO review_history\b|old == new")
    found = {p.name for p in store.glob("*.py") if pattern.search(p.read_text(encoding="utf-8"))}
    assert found == {"keyed.py"}, found
