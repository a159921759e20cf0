"""Report benchmarks (issue 4), in the same run against plain openpyxl:

- export: ``write_report`` of the full example (village-star-complete) against a minimal
  openpyxl script writing the same cells with the same styles, merges, widths and heights to a
  file in the same folder (target ≤ 1.5×). Ours also draws two charts, fsyncs and renames.
- read: ``read_report`` (zip checks, 数据 sheet, re-score, visible-cell checks) of 1,000 reports
  against openpyxl ``load_workbook`` of the same files (target ≥ 10× faster).

``run()`` returns rows ``(name, measured, baseline, ratio, target)``; times are medians in milliseconds
(export) or totals in seconds (read). Run alone: ``python bench/bench_report.py [N_REPORTS]``.
"""

from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
import time
from copy import copy
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

EXAMPLE = ROOT / "examples" / "village-star-complete.json"
RUBRIC = ROOT / "rubrics" / "village-star.yaml"
REPEAT = 15
REPORTS = 1000


def _cells_of(wb: Any) -> list[dict[str, Any]]:
    """What the workbook holds, as a minimal script would have it: values and style objects."""
    sheets = []
    for ws in wb.worksheets:
        cells = [
            (c.row, c.column, c.value, copy(c.font), copy(c.fill), copy(c.border), copy(c.alignment), c.number_format)
            for row in ws.iter_rows()
            for c in row
            if c.value is not None or c.has_style
        ]
        sheets.append(
            {
                "title": ws.title,
                "state": ws.sheet_state,
                "cells": cells,
                "merges": [str(r) for r in ws.merged_cells.ranges],
                "widths": {k: d.width for k, d in ws.column_dimensions.items()},
                "heights": {k: d.height for k, d in ws.row_dimensions.items() if d.height},
            }
        )
    return sheets


def _minimal_script(sheets: list[dict[str, Any]], path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for sheet in sheets:
        ws = wb.create_sheet(sheet["title"])
        for row, col, value, font, fill, border, alignment, number_format in sheet["cells"]:
            c = ws.cell(row=row, column=col, value=value)
            if isinstance(value, str):
                c.data_type = "s"
            c.font, c.fill, c.border, c.alignment, c.number_format = font, fill, border, alignment, number_format
        for rng in sheet["merges"]:
            ws.merge_cells(rng)
        for key, width in sheet["widths"].items():
            ws.column_dimensions[key].width = width
        for key, height in sheet["heights"].items():
            ws.row_dimensions[key].height = height
        ws.sheet_state = sheet["state"]
    wb.save(path)


def _median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def run(reports: int = REPORTS) -> list[tuple[str, float, float, float, str]]:
    from openpyxl import load_workbook

    from checklist.assessment import read_assessment
    from checklist.report import read_report, write_report
    from checklist.report.write import build_workbook
    from checklist.rubric import load_rubric
    from checklist.scoring import score

    loaded = load_rubric(RUBRIC)
    assessment = read_assessment(EXAMPLE)
    result = score(loaded.rubric, assessment)
    rows: list[tuple[str, float, float, float, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        sheets = _cells_of(build_workbook(loaded.rubric, loaded.sha256, assessment, result, "2026-01-01 00:00"))
        ours, base = [], []
        for n in range(REPEAT):
            t = time.perf_counter()
            write_report(loaded.rubric, loaded.sha256, assessment, result, folder / f"ours{n}.xlsx")
            ours.append(time.perf_counter() - t)
            t = time.perf_counter()
            _minimal_script(sheets, folder / f"base{n}.xlsx")
            base.append(time.perf_counter() - t)
        export_ms, base_ms = _median_ms(ours), _median_ms(base)
        rows.append(("report: export full example, ms", export_ms, base_ms, export_ms / base_ms, "≤ 1.5"))

        source = folder / "ours0.xlsx"
        copies = []
        for n in range(reports):
            copy = folder / f"r{n:04d}.xlsx"
            shutil.copyfile(source, copy)
            copies.append(copy)
        t = time.perf_counter()
        for path in copies:
            back = read_report(path, loaded)
            assert back.clean, back.mismatches
        ours_read = time.perf_counter() - t
        t = time.perf_counter()
        for path in copies:
            load_workbook(path)
        base_read = time.perf_counter() - t
        # The target is "at least 10× faster than openpyxl", i.e. a ratio of at most 0.1.
        rows.append((f"report: read back {reports} reports, s", ours_read, base_read, ours_read / base_read, "≤ 0.1"))
    return rows


def main() -> None:
    reports = int(sys.argv[1]) if len(sys.argv) > 1 else REPORTS
    for name, measured, baseline, ratio, target in run(reports):
        print(f"{name}: {measured:.2f} vs openpyxl {baseline:.2f} ({ratio:.2f}×, target {target})")


if __name__ == "__main__":
    main()
