"""A township's review (审核) of one village's self-assessment: per item, accept the village's
answer or correct it (审核认定) with a required reason (审核意见); a judged item gets the
reviewer's own score; evidence marked 已核 / 缺. The review changes answers, never points.

REVIEW.json (docs/review-format.md)::

    {"reviewer": "…", "date": "2026-12-05", "opinion": "…", "checksum": "…(optional)",
     "items": {ITEM_ID: {"value": corrected answer (omit to keep the village's),
                         "na": true (optional), "reason": "…",
                         "evidence": {"材料名": "已核" | "缺"}}}}
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from checklist.errors import Located, UserError

MAX_REVIEW_BYTES = 5 * 1024 * 1024
CHECKED = "已核"
MISSING = "缺"
EvidenceMark = Literal["已核", "缺"]
_MARKS = {"已核": CHECKED, "checked": CHECKED, "缺": MISSING, "缺少": MISSING, "missing": MISSING}


class ReviewError(UserError):
    title = "审核意见有误，无法使用："


class Decision(BaseModel):
    """One item's review. ``value`` absent (and ``na`` absent): the village's answer stands."""

    model_config = ConfigDict(extra="forbid")
    value: Any = None
    na: bool | None = None
    reason: str = Field(default="", max_length=4000)
    evidence: dict[str, EvidenceMark] = Field(default_factory=dict)

    @field_validator("evidence", mode="before")
    @classmethod
    def _marks(cls, given: Any) -> Any:
        if isinstance(given, dict):
            return {k: _MARKS.get(str(v).strip().lower(), v) if isinstance(v, str) else v for k, v in given.items()}
        return given

    @property
    def corrects(self) -> bool:
        """Whether this decision gives an answer of its own (it may still equal the village's)."""
        return self.value is not None or self.na is not None

    def to_data(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.value is not None:
            out["value"] = _plain(self.value)
        if self.na is not None:
            out["na"] = self.na
        if self.reason:
            out["reason"] = self.reason
        if self.evidence:
            out["evidence"] = dict(self.evidence)
        return out


class Review(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reviewer: str = Field(default="", max_length=200)
    date: str = Field(default="", max_length=40)
    opinion: str = Field(default="", max_length=8000)
    checksum: str = Field(default="", max_length=64)  # the village workbook's 数据 checksum it was made for
    items: dict[str, Decision] = Field(default_factory=dict)

    def decision(self, item_id: str) -> Decision | None:
        return self.items.get(item_id)

    def to_data(self) -> dict[str, Any]:
        out: dict[str, Any] = {"reviewer": self.reviewer, "date": self.date, "opinion": self.opinion}
        if self.checksum:
            out["checksum"] = self.checksum
        out["items"] = {k: d.to_data() for k, d in self.items.items()}
        return out

    def to_json(self) -> str:
        return json.dumps(self.to_data(), ensure_ascii=False, indent=2)

    def dated(self, today: dt.date | None = None) -> Review:
        return self if self.date else self.model_copy(update={"date": (today or dt.date.today()).isoformat()})


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


_FIELDS = {"reviewer": "审核人", "date": "日期", "opinion": "总体意见", "checksum": "校验和", "items": "指标"}


def parse_review(text: str | bytes, name: str = "") -> Review:
    """REVIEW.json text → Review; ReviewError naming the line and column or the key."""
    where = name or "审核意见"
    try:
        data = json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as exc:
        raise ReviewError(problems=[Located(where, exc.lineno, exc.colno, None, f"不是有效的 JSON（{exc.msg}）")]) from None
    except UnicodeDecodeError:
        raise ReviewError(problems=[Located(where, message="文件不是 UTF-8 编码")]) from None
    return review_from_data(data, where)


def review_from_data(data: Any, where: str = "审核意见") -> Review:
    if not isinstance(data, dict):
        raise ReviewError(problems=[Located(where, message="最外层应为一个对象（{…}）")])
    try:
        return Review.model_validate(data)
    except ValidationError as exc:
        problems = []
        for error in exc.errors(include_url=False):
            loc = [str(p) for p in error["loc"]]
            item = loc[1] if len(loc) > 1 and loc[0] == "items" else None
            key = ".".join(loc) or "（最外层）"
            problems.append(Located(where, item=item, message=_explain(error, key, loc)))
        raise ReviewError(problems=problems) from None


def _explain(error: Any, key: str, loc: list[str]) -> str:
    kind = error["type"]
    if kind == "extra_forbidden":
        known = "、".join(_FIELDS) if len(loc) == 1 else "value、na、reason、evidence"
        return f"不认识的键“{loc[-1]}”（可用：{known}）"
    if kind == "missing":
        return f"缺少“{key}”"
    if "evidence" in loc and kind == "literal_error":
        return f"佐证材料“{loc[-1]}”的核验结果应为“已核”或“缺”"
    if kind == "string_too_long":
        return f"“{key}”过长"
    return f"“{key}”格式不对（{error.get('msg', '')}）"


def read_review(path: str | Path) -> Review:
    from checklist.infile import InputRefused, read_regular

    p = Path(path)
    try:  # a regular file of at most 5 MB: never a device, a pipe or a folder
        raw = read_regular(p, MAX_REVIEW_BYTES, "审核意见文件")
    except InputRefused as exc:
        raise ReviewError(problems=[Located(str(p), message=str(exc).removeprefix(f"{p}："))]) from None
    return parse_review(raw, str(p))
