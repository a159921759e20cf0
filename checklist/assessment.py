"""An assessment (自评): who, which rubric, and the answers. JSON read/write."""

from __future__ import annotations

import contextlib
import json
import os
import re
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_serializer

from checklist.errors import UserError

MAX_JSON_BYTES = 20 * 1024 * 1024
# A note is a few sentences; bounded where it enters (the TUI, load, import), so that what
# export writes stays well inside what read and the roll-up accept.
MAX_NOTE = 4000
MAX_EVIDENCE = 200


class AssessmentError(UserError, ValueError):
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
    finalized: datetime | None = None  # 定稿时间; None while a draft (草稿)
    answers: dict[str, Answer] = Field(default_factory=dict)

    def answer(self, item_id: str) -> Answer | None:
        return self.answers.get(item_id)

    def to_json(self) -> str:
        return json.dumps(self.to_data(), ensure_ascii=False, indent=2)

    def to_data(self) -> dict[str, Any]:
        data: dict[str, Any] = _plain(self.model_dump(mode="python"))
        return data


class BoundedAnswer(Answer):
    """An answer as a file brings it in: its note and evidence within the bounds."""

    note: str = Field(default="", max_length=MAX_NOTE)
    evidence: list[Annotated[str, Field(max_length=MAX_NOTE)]] = Field(default=[], max_length=MAX_EVIDENCE)


class Bounded(Assessment):
    """What ``parse_assessment`` accepts: where a file enters, a note is bounded (a 5 MB note
    would make an export that read and the roll-up refuse). What is already stored or
    exported is read back as it is (``Assessment``), so nothing saved is ever refused."""

    answers: dict[str, BoundedAnswer] = Field(default_factory=dict)  # type: ignore[assignment]


def _plain(value: Any) -> Any:
    """Decimals as JSON numbers, datetimes as ISO text."""
    if isinstance(value, Decimal):
        if not value.is_finite():  # a hostile answer (Infinity, NaN) is kept as its text
            return str(value)
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


MAX_DEPTH = 32  # our format nests four deep; far deeper is hostile (RecursionError otherwise)
MAX_INT_DIGITS = 4000  # Python refuses past 4,300; the rules refuse far fewer, per item


class _HugeInt(ValueError):
    def __init__(self, digits: int) -> None:
        self.digits = digits


def _int(text: str) -> int:
    """JSON integers, refused before Python's 4,300-digit limit raises its own ValueError."""
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        raise _HugeInt(len(text.lstrip("-")))
    return int(text)


def parse_assessment(text: str | bytes, name: str = "") -> Assessment:
    where = f"{name}：" if name else ""
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            if exc.reason == "unexpected end of data":
                raise AssessmentError(f"{where}文件不完整，可能未传完（在最后一个字处中断）") from None
            raise AssessmentError(f"{where}文件不是 UTF-8 编码（第 {exc.start + 1} 个字节）") from None
    if not text.strip():
        raise AssessmentError(f"{where}文件是空的，可能未传完")
    try:
        data = json.loads(text, parse_float=Decimal, parse_int=_int)
    except json.JSONDecodeError as exc:
        if _cut_short(text, exc):
            raise AssessmentError(f"{where}文件不完整，可能未传完（第{exc.lineno}行之后缺少内容）") from None
        raise AssessmentError(
            f"{where}第{exc.lineno}行第{exc.colno}列：不是有效的 JSON（{_json_reason(exc.msg)}）"
        ) from None
    except _HugeInt as exc:
        raise AssessmentError(f"{where}文件中有一个 {exc.digits} 位的整数，不是有效的答案") from None
    except RecursionError:
        raise AssessmentError(f"{where}括号嵌套过深，不是自评文件") from None
    if _depth(data) > MAX_DEPTH:
        raise AssessmentError(f"{where}括号嵌套超过 {MAX_DEPTH} 层，不是自评文件")
    try:
        Bounded.model_validate(data)  # the bounds, with every problem located
        return Assessment.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        lines = [f"{where}自评文件有 {len(errors)} 处格式问题："]
        lines += [f"  · {_field_problem(e)}" for e in errors]
        raise AssessmentError("\n".join(lines)) from None


_LITERAL_START = re.compile(r"-?[0-9]*\.?[0-9]*([eE][-+]?[0-9]*)?")


def _cut_short(text: str, exc: json.JSONDecodeError) -> bool:
    """The error is the end of the file (mid-string, mid-word, after a comma): a file that
    was cut off in transfer, not one written wrong."""
    if exc.msg.startswith("Unterminated string"):
        return True
    rest = text[exc.pos :].strip()
    if not rest:
        return True
    return len(rest) < 5 and (
        any(word.startswith(rest) for word in ("true", "false", "null")) or _LITERAL_START.fullmatch(rest) is not None
    )


def _depth(data: Any) -> int:
    """How deep lists and objects nest, without recursion."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        value, level = stack.pop()
        children = value.values() if isinstance(value, dict) else value if isinstance(value, list) else None
        if children is None:
            continue
        deepest = max(deepest, level)
        if deepest > MAX_DEPTH:
            return deepest
        stack.extend((child, level + 1) for child in children)
    return deepest


_EXPECTED = {
    "int": "整数（如 2026）",
    "string": "文字（加英文双引号）",
    "bool": " true 或 false",
    "dict": "花括号 { } 括起的“键: 值”",
    "model": "花括号 { } 括起的“键: 值”",
    "list": "方括号 [ ] 括起的列表",
    "datetime": "日期时间（如 2026-03-01T09:30:00）",
    "string_too_long": f"不超过 {MAX_NOTE} 个字",
    "too_long": f"不超过 {MAX_EVIDENCE} 项",
    "missing": "",
}


def _field_problem(error: Any) -> str:
    place = ".".join(str(p) for p in error["loc"]) or "（最外层）"
    kind = str(error["type"])
    if kind == "missing":
        return f"缺少“{place}”"
    want = _EXPECTED.get(kind) or next((v for k, v in _EXPECTED.items() if kind.startswith(k)), "")
    got = error.get("input")
    shown = json.dumps(_plain(got), ensure_ascii=False, default=str) if got is not None else "null"
    if len(shown) > 40:
        shown = shown[:40] + "…"
    expected = f"应为{want}" if want else "格式不对"
    return f"“{place}”{expected}，现为 {shown}"


def _json_reason(msg: str) -> str:
    table = {
        "Expecting value": "此处缺少值",
        "Expecting ',' delimiter": "缺少逗号",
        "Expecting ':' delimiter": "缺少冒号",
        "Expecting property name enclosed in double quotes": "键须用英文双引号",
        "Invalid control character": "引号内有换行或控制字符",
        "Invalid \\escape": "无效的反斜杠转义",
        "Extra data": "结尾有多余内容",
    }
    return next((v for k, v in table.items() if msg.startswith(k)), "格式有误")


def read_assessment(path: str | Path) -> Assessment:
    """A regular file of at most 20 MB (never a device, a pipe or a folder)."""
    from checklist.infile import InputRefused, read_regular

    try:
        raw = read_regular(path, MAX_JSON_BYTES, "自评文件")
    except InputRefused as exc:
        raise AssessmentError(str(exc)) from None
    return parse_assessment(raw, str(path))


def write_assessment(assessment: Assessment, path: str | Path) -> None:
    """Written to a temporary file beside the target and renamed: never half a file."""
    target = Path(path)
    tmp = target.with_name(f".{target.name}.tmp")
    try:
        with tmp.open("w", encoding="utf-8") as handle:
            handle.write(assessment.to_json() + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        tmp.replace(target)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()  # a disk that filled up keeps no half file
        raise
