"""数据 (very hidden): the payload chunks, written as plain text cells."""

from __future__ import annotations

from openpyxl.worksheet.worksheet import Worksheet

from checklist.report.data import (
    FORMAT,
    NOTICE,
    ROW_CHECKSUM,
    ROW_CHUNKS,
    ROW_FIRST_CHUNK,
    ROW_FORMAT,
    checksum,
    chunks,
)


def _text(ws: Worksheet, row: int, col: int, value: str) -> None:
    cell = ws.cell(row=row, column=col, value=value)
    cell.data_type = "s"  # a chunk may start with "=" or "-": never a formula


def write_data(ws: Worksheet, text: str, fmt: str = FORMAT, notice: str = NOTICE) -> None:
    """The layout every hidden data sheet shares (the village's, the review's)."""
    _text(ws, 1, 1, "说明")
    _text(ws, 1, 2, notice)
    _text(ws, ROW_FORMAT, 1, "格式")
    _text(ws, ROW_FORMAT, 2, fmt)
    _text(ws, ROW_CHECKSUM, 1, "校验和（SHA-256）")
    _text(ws, ROW_CHECKSUM, 2, checksum(text))
    parts = chunks(text)
    _text(ws, ROW_CHUNKS, 1, "分段数")
    _text(ws, ROW_CHUNKS, 2, str(len(parts)))
    for n, part in enumerate(parts):
        _text(ws, ROW_FIRST_CHUNK + n, 1, f"数据{n + 1}")
        _text(ws, ROW_FIRST_CHUNK + n, 2, part)
    ws.sheet_state = "veryHidden"
