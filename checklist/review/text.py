"""An answer typed as one line of text by the reviewer (the 审核 screen's 审核认定 field) and back:
是/否, an option's label or id, several ids (or labels) separated by 、 or a comma (无 for none), a number (１２、12。5 as
typed by an input method), 部分/总数 for a share, 本年/上年 for growth. Checked like any answer; each
kind reads its own (``Kind.from_text``, ``Kind.to_text``)."""

from __future__ import annotations

from typing import Any

from checklist.rubric import Item
from checklist.rubric.kinds import kind_of
from checklist.rubric.params import Params
from checklist.scoring.values import BadValue


def value_from_text(item: Item, text: str, p: Params) -> Any:
    """The answer value (JSON-able) for ``text``; BadValue (Chinese) when it does not fit."""
    t = text.strip()
    if not t:
        raise BadValue("请填写审核认定的答案")
    kind = kind_of(item.rule)
    value = kind.from_text(item.rule, t)
    kind.check(item.rule, value, p)
    return value


def value_to_text(item: Item, value: Any, p: Params) -> str:
    """The village's answer in the form ``value_from_text`` reads (to start the field from)."""
    if value is None:
        return ""
    kind = kind_of(item.rule)
    try:
        checked = kind.check(item.rule, value, p)
    except BadValue:
        return str(value)
    return kind.to_text(item.rule, checked)
