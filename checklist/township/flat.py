"""The flat export for statistics offices: one row per village per item (乡镇, 村, 维度, 指标,
自评情况, 自评得分, 审核得分, 审核意见), as CSV (UTF-8 with a BOM, so Excel and WPS open it right)
or as an xlsx sheet (openpyxl's write-only mode: a county's 50,000 rows stream out)."""

from __future__ import annotations

import csv
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from checklist.numbers import fmt
from checklist.township.aggregate import RollUp

HEADS = ["乡镇", "村", "维度", "指标", "自评情况", "自评得分", "审核得分", "审核意见", "是否审核"]


def flat_rows(rollup: RollUp) -> Iterator[list[str]]:
    """In rank order, then rubric order; scores as exact text (12.5, not 12.500000001)."""
    index = rollup.rubric.item_index()
    items = rollup.rubric.items()
    for v in rollup.villages:
        for line in v.lines:
            item = items[line.position]
            section = index[item.id][0].title
            yield [
                v.township,
                v.village,
                section,
                item.title,
                line.why,
                fmt(line.self_points),
                fmt(line.points) if v.reviewed else "",
                line.reason,
                v.review,
            ]


def _formula_safe(text: str) -> str:
    """A cell that Excel would take for a formula (=, +, -, @) is kept as text."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") and not _number(text) else text


def _number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def write_csv(rollup: RollUp, path: Path) -> Path:
    """Written beside the target and renamed into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem[:40]}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8-sig", newline="") as f:
            out = csv.writer(f)
            out.writerow(HEADS)
            for row in flat_rows(rollup):
                out.writerow([_formula_safe(c) for c in row])
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def write_xlsx(rollup: RollUp, path: Path) -> Path:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    from checklist.xlsx.atomic import save_workbook
    from checklist.xlsx.safe import clean

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("逐项明细")
    ws.append(HEADS)
    numeric = {5, 6}
    for row in flat_rows(rollup):
        cells = []
        for n, text in enumerate(row):
            if n in numeric and text:
                cells.append(WriteOnlyCell(ws, value=float(text) if "." in text else int(text)))
            else:
                cell = WriteOnlyCell(ws, value=clean(text))
                cell.data_type = "s"  # never a formula
                cells.append(cell)
        ws.append(cells)
    return save_workbook(wb, path, force=True, exists=FileExistsError)


def write_flat(rollup: RollUp, path: Path) -> Path:
    return write_csv(rollup, path) if path.suffix.lower() == ".csv" else write_xlsx(rollup, path)
