"""Shared by the tests/test_report_*.py files: the shipped examples, exported once per session."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from checklist.assessment import Assessment, read_assessment
from checklist.cli import main
from checklist.rubric import Loaded, load_rubric
from checklist.scoring import Result, score

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.json"))


def rubric_for(example: Path) -> Path:
    rubric_id = json.loads(example.read_text(encoding="utf-8"))["rubric"]["id"]
    return ROOT / "rubrics" / f"{rubric_id}.yaml"


def load_example(example: Path) -> tuple[Loaded, Assessment, Result]:
    loaded = load_rubric(rubric_for(example))
    assessment = read_assessment(example)
    return loaded, assessment, score(loaded.rubric, assessment)


def score_json(example: Path) -> dict[str, Any]:
    run = CliRunner().invoke(main, ["score", str(rubric_for(example)), str(example), "--json"])
    assert run.exit_code == 0, run.output
    data: dict[str, Any] = json.loads(run.output)
    return data


def export(example: Path, folder: Path) -> Path:
    target = folder / f"{example.stem}.xlsx"
    run = CliRunner().invoke(main, ["export", str(rubric_for(example)), str(example), "-o", str(target)])
    assert run.exit_code == 0, run.output
    return target


def cell_beside(ws: Any, label: str) -> Any:
    """The cell right of the first cell reading ``label`` (the sheets' layout may move rows)."""
    for row in ws.iter_rows():
        for cell in row:
            if cell.value == label:
                return ws.cell(row=cell.row, column=cell.column + 1)
    raise AssertionError(f"no cell reads {label!r} on {ws.title}")
