"""Where things stand in the parameter workbook; the writer and the reader share these."""

from __future__ import annotations

import re

SHEET = "参数"
INFO = "参数信息"  # very hidden: which rubric the workbook was made from
FORMAT = "checklist-params/1"
ROW_TITLE, ROW_HINT, ROW_HEAD, ROW_FIRST = 1, 2, 3, 4
COL_ID, COL_LABEL, COL_UNIT, COL_DEFAULT, COL_FIRST_PROFILE = 1, 2, 3, 4, 5
HEADS = ("编号", "参数", "单位", "默认值")
HINT = (
    "只改“默认值”和各地区档位列中的数字；地区档位列空白表示与默认值相同。"
    "改好后运行：checklist params 细则 --apply 本文件 -o 新细则.yaml"
)
MAX_ROWS = 2000

_PROFILE_HEAD = re.compile(r"[（(]\s*([A-Za-z0-9_-]+)\s*[）)]\s*$")


def profile_head(label: str, profile_id: str) -> str:
    return f"{label}（{profile_id}）"


def profile_of(head: str) -> str | None:
    """The profile id at the end of a column heading such as “加快发展县（accelerated）”."""
    found = _PROFILE_HEAD.search(head)
    return found.group(1) if found else None
