"""The very hidden 数据 sheet's layout, shared by every workbook that carries its data: the
village report, the fill-in template (模板信息) and the roll-up.

Rows: 说明 (a notice), 格式, 校验和（SHA-256）, 分段数, then 数据1… with the payload's canonical
JSON text cut into chunks (a cell holds at most 32,767 characters). The checksum is the SHA-256
of the text's UTF-8 bytes.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from checklist.xlsx.safe import json_for_xml

SHEET = "数据"
CHUNK = 30000
# Rows of the sheet (column A a label, column B the value).
ROW_FORMAT, ROW_CHECKSUM, ROW_CHUNKS, ROW_FIRST_CHUNK = 2, 3, 4, 5


def payload_text(payload: dict[str, Any]) -> str:
    text = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return json_for_xml(text)


def checksum(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def chunks(text: str) -> list[str]:
    return [text[i : i + CHUNK] for i in range(0, len(text), CHUNK)] or [""]


@dataclass(frozen=True)
class Stored:
    """The 数据 sheet as read back: the payload text, the checksum written beside it."""

    format: str
    checksum: str
    text: str

    @property
    def checksum_ok(self) -> bool:
        return checksum(self.text) == self.checksum.strip().lower()


def from_cells(cells: dict[tuple[int, int], str]) -> Stored:
    """The 数据 sheet's cells ((row, column) → text) back into a Stored; KeyError/ValueError if not ours."""
    fmt_ = cells.get((ROW_FORMAT, 2), "")
    total = int(cells.get((ROW_CHUNKS, 2), "0"))
    if total < 1 or total > 10_000:
        raise ValueError("chunks")
    text = "".join(cells.get((ROW_FIRST_CHUNK + n, 2), "") for n in range(total))
    return Stored(fmt_, cells.get((ROW_CHECKSUM, 2), ""), text)
