"""Answers as JSON text without losing a digit, and timestamps as ISO text with the offset."""

from __future__ import annotations

import json
import math
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from checklist.store.errors import StoreError

if TYPE_CHECKING:  # pydantic is imported when an answer is read, not when the store opens
    from checklist.assessment import Answer


def dump_answer(answer: Answer) -> str:
    """``Answer.model_dump`` as JSON. A Decimal is written as a JSON *number* with its exact
    decimal text (``12.50`` stays ``12.50``) and read back as a Decimal, so nothing is lost and
    the answer reads back equal; a JSON string would be indistinguishable from an option id."""
    return _json(answer.model_dump(mode="python"))


def load_answer(text: str) -> Answer:
    from checklist.assessment import Answer

    return Answer.model_validate(json.loads(text, parse_float=Decimal))


def _json(value: Any) -> str:
    if value is None or isinstance(value, (bool, str)):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, int):
        return str(int(value))
    if isinstance(value, Decimal):
        return str(value) if value.is_finite() else json.dumps(str(value))
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else json.dumps(str(value))
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(str(k), ensure_ascii=False)}: {_json(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_json(v) for v in value) + "]"
    raise StoreError(f"答案中含有无法保存的内容（{type(value).__name__}）")


def now() -> datetime:
    """Local time with its UTC offset."""
    return datetime.now().astimezone()


def iso(moment: datetime) -> str:
    if moment.tzinfo is None:
        moment = moment.astimezone()
    return moment.isoformat(timespec="microseconds")


def parse_time(text: str) -> datetime:
    """ISO text back to an aware datetime; a naive one (older files) is taken as local time."""
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo is not None else moment.astimezone()
