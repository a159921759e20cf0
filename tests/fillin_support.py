"""Shared by tests/test_fillin_*.py: fill a template with openpyxl as a secretary would (by
reading the visible 编号 column, not our own layout code), and convert with LibreOffice."""

from __future__ import annotations

import json
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from checklist.assessment import Assessment
from checklist.rubric.model import Choice, Rubric

ID_COL, ANSWER_COL, NA_COL, NOTE_COL = 10, 6, 8, 9
HEADER = {"township": "D3", "village": "D4", "year": "D5", "assessor": "D6"}


def _num(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def fill(template: Path, assessment: Assessment, rubric: Rubric, out: Path, full_width: bool = False) -> Path:
    """Writes the assessment's answers into a copy of the template, row by row via the 编号 column."""
    wb = load_workbook(template)
    ws = wb["自评填报"]
    for key, ref in HEADER.items():
        value = getattr(assessment, key)
        ws[ref] = value if value is not None else None
    index = rubric.item_index()
    rows: dict[str, dict[str, int]] = {}
    for row in range(9, ws.max_row + 1):
        tag = ws.cell(row=row, column=ID_COL).value
        if isinstance(tag, str) and "/" in tag:
            item, key = tag.split("/", 1)
            rows.setdefault(item, {})[key] = row
    for item_id, answer in assessment.answers.items():
        item = index[item_id][1]
        where = rows[item_id]
        first = min(where.values())
        for n, wanted in enumerate(item.evidence, start=1):  # evidence at hand: ✓ in its row
            if wanted in answer.evidence and f"ev:{n}" in where:
                ws.cell(row=where[f"ev:{n}"], column=ANSWER_COL, value="✓")
        if answer.note:
            ws.cell(row=first, column=NOTE_COL, value=answer.note)
        if answer.na:
            ws.cell(row=first, column=NA_COL, value="不适用")
            continue
        value = answer.value
        if value is None:
            continue
        rule = item.rule
        if rule.type == "yesno":
            ws.cell(row=where["value"], column=ANSWER_COL, value="是" if value else "否")
        elif isinstance(rule, Choice):
            label = next(o.label for o in rule.options if o.id == value)
            ws.cell(row=where["value"], column=ANSWER_COL, value=label)
        elif rule.type in ("multiple", "required_list"):
            for key, row in where.items():
                if key.startswith("opt:"):
                    ws.cell(row=row, column=ANSWER_COL, value="是" if key[4:] in value else "否")
        elif rule.type == "share":
            ws.cell(row=where["part"], column=ANSWER_COL, value=_num(value["part"]))
            ws.cell(row=where["whole"], column=ANSWER_COL, value=_num(value["whole"]))
        elif isinstance(value, dict):
            ws.cell(row=where["current"], column=ANSWER_COL, value=_num(value["current"]))
            if value.get("previous") is not None:
                ws.cell(row=where["previous"], column=ANSWER_COL, value=_num(value["previous"]))
        else:
            key = "current" if "current" in where else "value"
            if full_width:
                text = str(_num(value)).translate(str.maketrans("0123456789.", "０１２３４５６７８９。"))
                ws.cell(row=where[key], column=ANSWER_COL, value=text)
            else:
                ws.cell(row=where[key], column=ANSWER_COL, value=_num(value))
    wb.save(out)
    return out


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def resave_with_libreoffice(path: Path, folder: Path) -> Path:
    """``soffice --headless --convert-to xlsx``: LibreOffice opens and writes the workbook again."""
    exe = soffice()
    assert exe is not None
    folder.mkdir(parents=True, exist_ok=True)
    profile = folder / "lo-profile"
    run = subprocess.run(
        [
            exe,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "xlsx:Calc MS Excel 2007 XML",
            "--outdir",
            str(folder),
            str(path),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    out = folder / (path.stem + ".xlsx")
    assert out.exists(), run.stdout + run.stderr
    return out


def answers_json(assessment: Assessment) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(assessment.to_json())
    return data["answers"]
