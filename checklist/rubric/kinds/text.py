"""Reading what people type or tick, shared by kinds: the reviewer's one line (是/否, ids or labels
separated by 、, 部分/总数) and a form's ticked 是/否 rows."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from checklist.numbers import fmt
from checklist.rubric.kinds.base import Cells
from checklist.rubric.kinds.values import BadValue, text_number

YES_WORDS = {"是", "有", "y", "yes", "true", "1"}
NO_WORDS = {"否", "无", "没有", "n", "no", "false", "0"}
_SPLIT = re.compile(r"[、,，;；\s]+")
PAIR = re.compile(r"[/／]")


def pair(text: str, what: str) -> tuple[Any, Any]:
    parts = [p for p in PAIR.split(text) if p.strip()]
    if len(parts) != 2:
        raise BadValue(f"请按“{what}”填写两个数，中间用 / 分开")
    return text_number(parts[0]), text_number(parts[1])


def ids_from_text(known: list[tuple[str, str]], t: str) -> list[str]:
    if t in ("无", "都没有", "均未具备"):
        return []
    out = []
    for part in _SPLIT.split(t):
        if not part:
            continue
        found = next((i for i, label in known if part in (i, label)), None)
        if found is None:
            raise BadValue(f"没有这一项：{part}")
        out.append(found)
    return out


def ids_to_text(checked: list[str]) -> str:
    return ",".join(checked) if checked else "无"  # ids: a label may itself hold 、


def number_text(value: Any) -> str:
    return fmt(value)


def read_ticks(cells: Cells) -> list[str] | None:
    """Every 是/否 row of a multiple-choice or required-list item answered; the ids ticked 是."""
    keys = [key for key in cells.keys if key.startswith("opt:")]
    blank = [key for key in keys if not cells.filled(key)]
    for key in blank:
        cells.problem(key, "逐项选择的指标，每一小项都要选“是”或“否”，此项未选")
    chosen = [cells.yes_no(key) for key in keys if cells.filled(key)]  # every invalid one, blanks or not
    if blank or any(c is None for c in chosen):
        return None
    return [key[4:] for key, c in zip(keys, chosen, strict=True) if c]


def plain(text: str) -> str:
    """Text as compared: NFKC (full-width letters and digits folded), no spaces."""
    return "".join(unicodedata.normalize("NFKC", text).split())
