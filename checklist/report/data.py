"""What the very hidden 数据 sheet carries: the assessment, the rubric's id / version / sha256,
the tool version, the scores as exported and where they are shown, and a checksum over it all.

The payload is one canonical JSON text; the checksum is the SHA-256 of its UTF-8 bytes. It is
cut into chunks because a cell holds at most 32,767 characters.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from checklist import __version__
from checklist.assessment import Assessment
from checklist.numbers import as_json
from checklist.report.safe import json_for_xml
from checklist.rubric.model import Rubric
from checklist.scoring.result import Result

SHEET = "数据"
FORMAT = "checklist-report/1"
CHUNK = 30000
# Rows of the 数据 sheet (column A a label, column B the value).
ROW_FORMAT, ROW_CHECKSUM, ROW_CHUNKS, ROW_FIRST_CHUNK = 2, 3, 4, 5
NOTICE = "本表由 checklist 导出时生成，供乡镇读取复核，请勿修改；修改后校验和不符。"


def build_payload(
    rubric: Rubric,
    sha256: str,
    assessment: Assessment,
    result: Result,
    exported: str,
    layout: dict[str, Any],
) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "tool": {"name": "checklist", "version": __version__},
        "exported": exported,
        "rubric": {"id": rubric.id, "version": rubric.version, "sha256": sha256, "title": rubric.title},
        "profile": result.profile,
        "assessment": assessment.to_data(),
        "result": {
            "total": as_json(result.total),
            "max": as_json(result.max),
            "bonus": as_json(result.bonus),
            "level": result.level.id,
            "level_label": result.level.label,
            "items": {i.id: as_json(i.points) for i in result.items},
        },
        "layout": layout,
    }


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
