"""The very hidden data sheet, the one writer and the one reader for every workbook that carries
its data as data: the village report (数据), the fill-in template (模板信息) and the roll-up (数据).

Rows: 说明 (a notice), 格式, 校验和（SHA-256）, 分段数, then 数据1… with the payload's canonical
JSON text cut into chunks (a cell holds at most 32,767 characters). The checksum is the SHA-256
of the text's UTF-8 bytes. One limit serves both sides: the writer refuses what the reader would.
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from typing import Any

from checklist.errors import UserError
from checklist.xlsx.package import Package
from checklist.xlsx.safe import json_for_xml

SHEET = "数据"
CHUNK = 30000
MAX_CHUNKS = 1000
# The payload's size in UTF-8 bytes. It lands in the shared strings beside the workbook's other
# text, which the readers take up to 16 M characters and 32 MB (checklist.xlsx.stream) or 64 MB
# (checklist.xlsx.package): half of the tightest, so what is written is always read back.
MAX_TEXT_BYTES = 8 * 1024 * 1024
LABELS = ("说明", "格式", "校验和（SHA-256）", "分段数")
# Rows of the sheet (column A a label, column B the value).
ROW_FORMAT, ROW_CHECKSUM, ROW_CHUNKS, ROW_FIRST_CHUNK = 2, 3, 4, 5
LAST_ROW = ROW_FIRST_CHUNK + MAX_CHUNKS - 1
# A clean sheet is read from these cells alone (one regex pass over the sheet's bytes); a
# payload rarely needs more than one chunk.
_FAST_CHUNKS = 4
_FAST_REFS = frozenset(
    {f"B{row}" for row in (ROW_FORMAT, ROW_CHECKSUM, ROW_CHUNKS)}
    | {f"B{ROW_FIRST_CHUNK + n}" for n in range(_FAST_CHUNKS)}
)


class TooLarge(UserError):
    """The payload is larger than any reader takes: nothing is written."""


class Missing(LookupError):
    """The workbook has no such sheet."""


class Broken(ValueError):
    """The sheet is there but is not a data sheet (or was damaged)."""


def payload_text(payload: dict[str, Any]) -> str:
    text = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return json_for_xml(text)


def checksum(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def chunks(text: str) -> list[str]:
    return [text[i : i + CHUNK] for i in range(0, len(text), CHUNK)] or [""]


def rows(notice: str, format: str, payload: dict[str, Any]) -> list[tuple[str, str]]:
    """(label, value) for rows 1…; TooLarge when a reader would refuse the payload."""
    return text_rows(notice, format, payload_text(payload))


def text_rows(notice: str, format: str, text: str) -> list[tuple[str, str]]:
    """``rows`` of a payload text already made (a reviewed workbook copies the village's as it is)."""
    size = len(text.encode("utf-8"))
    parts = chunks(text)
    if size > MAX_TEXT_BYTES or len(parts) > MAX_CHUNKS:
        raise TooLarge(
            f"工作簿要保存的数据过大（{size / 1024 / 1024:.1f} MB，{len(parts)} 段），"
            f"超过可读回的上限（{MAX_TEXT_BYTES // 1024 // 1024} MB，{MAX_CHUNKS} 段），未保存"
        )
    values = (notice, format, checksum(text), str(len(parts)))
    return [*zip(LABELS, values, strict=True), *((f"数据{n + 1}", part) for n, part in enumerate(parts))]


def write(ws: Any, notice: str, format: str, payload: dict[str, Any]) -> None:
    """Fills the openpyxl worksheet ``ws`` and hides it (very hidden: not even 取消隐藏 shows it)."""
    write_text(ws, notice, format, payload_text(payload))


def write_text(ws: Any, notice: str, format: str, text: str) -> None:
    """``write`` of a payload text already made, character for character."""
    for r, (label, value) in enumerate(text_rows(notice, format, text), start=1):
        for col, text in ((1, label), (2, value)):
            cell = ws.cell(row=r, column=col, value=text)
            cell.data_type = "s"  # a chunk may start with "=" or "-": never a formula
    ws.sheet_state = "veryHidden"
    ws.protection.sheet = True


@dataclass(frozen=True)
class Stored:
    """The data sheet as read back: the payload text, the checksum written beside it."""

    format: str
    checksum: str
    text: str

    @cached_property
    def checksum_ok(self) -> bool:
        """The SHA-256 of the text against the one written (worked out once: the readers ask often)."""
        return checksum(self.text) == self.checksum.strip().lower()

    def payload(self) -> dict[str, Any]:
        """The JSON object (numbers with a fraction as Decimal); Broken if it is not one."""
        try:
            payload = json.loads(self.text, parse_float=Decimal)
        except (ValueError, RecursionError):
            raise Broken("payload") from None
        if not isinstance(payload, dict):
            raise Broken("payload")
        return payload


def _count(text: str) -> int:
    try:
        number = float(text.strip())
    except ValueError:
        raise Broken("chunks") from None
    if not math.isfinite(number) or number != int(number) or not 1 <= number <= MAX_CHUNKS:
        raise Broken("chunks")
    return int(number)


def from_cells(cells: dict[tuple[int, int], str]) -> Stored:
    """The sheet's cells ((row, column) → text) back into a Stored; Broken if not a data sheet."""
    total = _count(cells.get((ROW_CHUNKS, 2), ""))
    text = "".join(cells.get((ROW_FIRST_CHUNK + n, 2), "") for n in range(total))
    return Stored(cells.get((ROW_FORMAT, 2), ""), cells.get((ROW_CHECKSUM, 2), ""), text)


def _texts(cells: dict[tuple[int, int], Any]) -> dict[tuple[int, int], str]:
    return {k: v if isinstance(v, str) else f"{v:g}" for k, v in cells.items() if not isinstance(v, bool)}


def read(pkg: Package, sheet: str, format: str, strings: list[str] | None = None) -> Stored:
    """The data sheet ``sheet`` of an opened package. Missing if there is none, Broken if it is not
    a data sheet, RefusedReport for a hostile one. ``format`` is the one the caller expects (a
    clean sheet of that format is taken from the fast read); ``strings``, the shared strings when
    the caller has already read them."""
    from checklist.xlsx.stream import read_cells

    sheets = pkg.sheets()
    if sheet not in sheets:
        raise Missing(sheet)
    member = sheets[sheet][0]
    if strings is None:
        # Anything short of a clean read (more chunks, a checksum that does not match, cells not
        # found) is read again in full, so the fast path can never make a sheet look edited.
        try:
            fast = from_cells(_texts(pkg.cells(member, set(_FAST_REFS))))
            if fast.checksum_ok and fast.format == format:
                return fast
        except Broken:
            pass
        strings = pkg.shared_strings()
    cells = read_cells(
        pkg,
        member,
        max_row=LAST_ROW,
        max_cells=4 * LAST_ROW,
        wanted_cols={1, 2},
        strings=strings,
        doc=f"“{sheet}”工作表",
    )
    return from_cells({k: c.text for k, c in cells.items()})
