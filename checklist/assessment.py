"""An assessment (自评): who, which rubric, and the answers. JSON read/write."""

from __future__ import annotations

import json
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_serializer

MAX_JSON_BYTES = 20 * 1024 * 1024


class AssessmentError(ValueError):
    """A file that is not a usable assessment; the message is Chinese and says where."""


class RubricRef(BaseModel):
    model_config = ConfigDict(extra="ignore")
    id: str
    version: str = ""
    sha256: str = ""


class Answer(BaseModel):
    """``value`` as DESIGN.md says: bool, option id, list of ids, number, or a small mapping
    ({"part", "whole"} for a share, {"current", "previous"} for growth)."""

    model_config = ConfigDict(extra="ignore")
    value: Any = None
    na: bool = False
    note: str = ""
    evidence: list[str] = []
    carried: bool = False  # 待确认: carried over from last year (沿用上年), not yet confirmed

    @model_serializer(mode="wrap")
    def _dump(self, handler: Any) -> Any:
        """Files and the store look as before for every answer that was not carried over."""
        data = handler(self)
        if isinstance(data, dict) and not data.get("carried"):
            data.pop("carried", None)
        return data

    @property
    def given(self) -> bool:
        return self.na or self.value is not None


class Assessment(BaseModel):
    model_config = ConfigDict(extra="ignore")
    rubric: RubricRef
    profile: str | None = None
    village: str = ""
    township: str = ""
    year: int | None = None
    assessor: str = ""
    created: datetime | None = None
    updated: datetime | None = None
    answers: dict[str, Answer] = Field(default_factory=dict)

    def answer(self, item_id: str) -> Answer | None:
        return self.answers.get(item_id)

    def to_json(self) -> str:
        return json.dumps(self.to_data(), ensure_ascii=False, indent=2)

    def to_data(self) -> dict[str, Any]:
        data: dict[str, Any] = _plain(self.model_dump(mode="python"))
        return data


def _plain(value: Any) -> Any:
    """Decimals as JSON numbers, datetimes as ISO text."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def parse_assessment(text: str | bytes, name: str = "") -> Assessment:
    where = f"{name}：" if name else ""
    try:
        data = json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as exc:
        raise AssessmentError(
            f"{where}第{exc.lineno}行第{exc.colno}列：不是有效的 JSON（{_json_reason(exc.msg)}）"
        ) from None
    except UnicodeDecodeError:
        raise AssessmentError(f"{where}文件不是 UTF-8 编码") from None
    try:
        return Assessment.model_validate(data)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        place = ".".join(str(p) for p in first["loc"]) or "（最外层）"
        kind = "缺少" if first["type"] == "missing" else "格式不对"
        raise AssessmentError(f"{where}自评文件的“{place}”{kind}（共 {exc.error_count()} 处问题）") from None


def _json_reason(msg: str) -> str:
    table = {
        "Expecting value": "此处缺少值",
        "Expecting ',' delimiter": "缺少逗号",
        "Expecting property name enclosed in double quotes": "键须用英文双引号",
        "Unterminated string": "引号未闭合",
        "Extra data": "结尾有多余内容",
    }
    return next((v for k, v in table.items() if msg.startswith(k)), msg)


def read_assessment(path: str | Path) -> Assessment:
    p = Path(path)
    try:
        if p.stat().st_size > MAX_JSON_BYTES:
            raise AssessmentError(f"{p}：文件过大，自评文件不得超过 20 MB")
        raw = p.read_bytes()
    except FileNotFoundError:
        raise AssessmentError(f"{p}：文件不存在") from None
    except OSError as exc:
        raise AssessmentError(f"{p}：无法读取（{exc.strerror}）") from None
    return parse_assessment(raw, str(p))


def write_assessment(assessment: Assessment, path: str | Path) -> None:
    """Written to a temporary file beside the target and renamed: never half a file."""
    target = Path(path)
    tmp = target.with_name(f".{target.name}.tmp")
    tmp.write_text(assessment.to_json() + "\n", encoding="utf-8")
    tmp.replace(target)
