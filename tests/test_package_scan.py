"""The quick read of a few cells of a sheet (``checklist.xlsx.package._scan_cells``): cells
found in row order, one after the other; a sheet whose cells are out of order or missing gives
the same cells as the one regex pass over the whole sheet."""

from __future__ import annotations

import random

from checklist.xlsx.package import _scan_all, _scan_cells


def _sheet(cells: list[tuple[str, str]]) -> bytes:
    body = "".join(cells_xml for _, cells_xml in cells)
    return f'<worksheet xmlns="x"><sheetData><row r="1">{body}</row></sheetData></worksheet>'.encode()


def _cells(n: int) -> list[tuple[str, str]]:
    out = []
    for row in range(1, n + 1):
        out.append((f"A{row}", f'<c r="A{row}" t="inlineStr"><is><t>名称{row}&amp;</t></is></c>'))
        out.append((f"B{row}", f'<c r="B{row}" s="3" t="n"><v>{row}.5</v></c>'))
        out.append((f"C{row}", f'<c r="C{row}" s="3" t="inlineStr" />'))
    return out


def test_cells_in_order_missing_or_shuffled_read_as_the_whole_pass_does() -> None:
    rng = random.Random(7)
    cells = _cells(40)
    wanted = {"A3", "B3", "B12", "C12", "A40", "B40", "B41", "Z9", "AA1", "bad"}
    for case in range(30):
        shown = list(cells)
        if case % 3 == 1:
            rng.shuffle(shown)
        elif case % 3 == 2:
            shown = [c for c in shown if rng.random() < 0.7]
        data = _sheet(shown)
        got = _scan_cells(data, wanted)
        assert got == _scan_all(data, wanted)
        if case % 3 == 0:
            assert got == {"A3": ("inlineStr", "名称3&"), "B3": ("n", "3.5"), "B12": ("n", "12.5"), "C12": ("inlineStr", ""), "A40": ("inlineStr", "名称40&"), "B40": ("n", "40.5")}


def test_a_sheet_not_written_cell_by_cell_is_left_to_the_parser() -> None:
    assert _scan_cells(b'<worksheet><sheetData><row><c  r="A1"><v>1</v></c></row></sheetData></worksheet>', {"A1"}) is None
