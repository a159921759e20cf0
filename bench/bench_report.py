"""Report benchmarks (issue 4, floors per issue 15), in the same run against plain openpyxl:

- export: ``write_report`` of the full example (village-star-complete) against a plain openpyxl
  script writing the same values with named styles (each distinct cell format registered once as
  a NamedStyle and named on its cells), the same merges, widths and heights, to a file in the
  same folder (target ≤ 1.5×). Ours also draws two charts, sets print layout, fsyncs and renames;
- read: ``read_report`` (zip checks, 数据 sheet, re-score, visible-cell checks) of 1,000
  *distinct* village reports (bench_township's generated township, not copies of one file),
  best of 3, against openpyxl ``load_workbook`` of a fifth of them (best of 3), per file
  (target ≥ 10× faster, ratio ≤ 0.1).

``run()`` returns rows ``(name, measured, baseline, ratio, target)``; medians in milliseconds
(export) and milliseconds per report (read). Alone: ``python bench/bench_report.py [N_REPORTS]``.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from copy import copy
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
for extra in (ROOT, ROOT / "bench", ROOT / "tests"):
    if str(extra) not in sys.path:
        sys.path.insert(0, str(extra))

EXAMPLE = ROOT / "examples" / "village-star-complete.json"
RUBRIC = ROOT / "rubrics" / "village-star.yaml"
REPEAT = 15
REPORTS = 1000


def _style_key(c: Any) -> tuple[Any, ...]:
    return (repr(c.font), repr(c.fill), repr(c.border), repr(c.alignment), c.number_format)


def _cells_of(wb: Any) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """What the workbook holds, as a plain script would write it: the distinct cell formats as
    named styles, and per sheet the cells (value and style name), merges, widths and heights."""
    from openpyxl.styles import NamedStyle

    styles: dict[tuple[Any, ...], Any] = {}
    sheets = []
    for ws in wb.worksheets:
        cells = []
        for row in ws.iter_rows():
            for c in row:
                if c.value is None and not c.has_style:
                    continue
                key = _style_key(c)
                if key not in styles:
                    styles[key] = NamedStyle(
                        name=f"s{len(styles)}", font=copy(c.font), fill=copy(c.fill), border=copy(c.border),
                        alignment=copy(c.alignment), number_format=c.number_format,
                    )
                cells.append((c.row, c.column, c.value, styles[key].name))
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
    return {s.name: s for s in styles.values()}, sheets


def _plain_script(styles: dict[str, Any], sheets: list[dict[str, Any]], path: Path) -> None:
    """The floor: openpyxl writing the same values with named styles (registered once, then
    named on each cell), the same merges, widths and heights, and a plain save."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for style in styles.values():
        wb.add_named_style(copy(style))
    for sheet in sheets:
        ws = wb.create_sheet(sheet["title"])
        for row, col, value, style in sheet["cells"]:
            c = ws.cell(row=row, column=col, value=value)
            c.style = style
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
    from bench_township import reports_folder
    from harness import best_of
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
        styles, sheets = _cells_of(build_workbook(loaded.rubric, loaded.sha256, assessment, result, "2026-01-01 00:00"))
        ours, base = [], []
        for n in range(REPEAT):
            t = time.perf_counter()
            write_report(loaded.rubric, loaded.sha256, assessment, result, folder / f"ours{n}.xlsx")
            ours.append(time.perf_counter() - t)
            t = time.perf_counter()
            _plain_script(styles, sheets, folder / f"base{n}.xlsx")
            base.append(time.perf_counter() - t)
        export_ms, base_ms = _median_ms(ours), _median_ms(base)
        rows.append(("report: export full example, ms (vs openpyxl, named styles)", export_ms, base_ms, export_ms / base_ms, "≤ 1.5"))

    # Distinct villages' workbooks (bench_township's generated township), not copies of one.
    files = sorted(reports_folder(reports).glob("*.xlsx"))
    town = load_rubric(ROOT / "rubrics" / "village-star.yaml")

    def read_all() -> None:
        for path in files:
            back = read_report(path, town)
            assert back.clean, back.mismatches

    sample = files[: max(1, len(files) // 5)]  # openpyxl takes ~10× longer: a fifth, per file

    def openpyxl_sample() -> None:
        for path in sample:
            load_workbook(path)

    per_ours = best_of(read_all, 3) / len(files) * 1000
    per_base = best_of(openpyxl_sample, 3) / len(sample) * 1000
    # The target is "at least 10× faster than openpyxl", i.e. a ratio of at most 0.1.
    rows.append((f"report: read back {len(files)} distinct reports, ms each (vs openpyxl load)", per_ours, per_base, per_ours / per_base, "≤ 0.1"))
    return rows


def main() -> None:
    reports = int(sys.argv[1]) if len(sys.argv) > 1 else REPORTS
    for name, measured, baseline, ratio, target in run(reports):
        print(f"{name}: {measured:.2f} vs {baseline:.2f} ({ratio:.2f}×, target {target})")


if __name__ == "__main__":
    main()
