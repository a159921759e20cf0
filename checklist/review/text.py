"""An answer typed as one line of text by the reviewer (the 审核 screen's 审核认定 field) and back:
是/否, an option's label or id, several ids (or labels) separated by 、 or a comma (无 for none), a number (１２、12。5 as
typed by an input method), 部分/总数 for a share, 本年/上年 for growth. Checked like any answer."""

from __future__ import annotations

import re
from typing import Any

from checklist.numbers import NotANumber, fmt, parse_number
from checklist.rubric import Item
from checklist.rubric.model import Choice, Multiple, Number, RequiredList, Share, YesNo
from checklist.rubric.params import Params
from checklist.scoring.values import BadValue, Growth, Ratio, check_value

_YES = {"是", "有", "y", "yes", "true", "1"}
_NO = {"否", "无", "没有", "n", "no", "false", "0"}
_SPLIT = re.compile(r"[、,，;；\s]+")


def _pair(text: str, what: str) -> tuple[Any, Any]:
    parts = [p for p in re.split(r"[/／]", text) if p.strip()]
    if len(parts) != 2:
        raise BadValue(f"请按“{what}”填写两个数，中间用 / 分开")
    try:
        return parse_number(parts[0]), parse_number(parts[1])
    except NotANumber as exc:
        raise BadValue(str(exc)) from None


def _ids(known: list[tuple[str, str]], t: str) -> list[str]:
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


def value_from_text(item: Item, text: str, p: Params) -> Any:
    """The answer value (JSON-able) for ``text``; BadValue (Chinese) when it does not fit."""
    rule = item.rule
    t = text.strip()
    if not t:
        raise BadValue("请填写审核认定的答案")
    value: Any
    match rule:
        case YesNo():
            if t.lower() in _YES:
                return True
            if t.lower() in _NO:
                return False
            raise BadValue("请填“是”或“否”")
        case Choice():
            for o in rule.options:
                if t in (o.id, o.label):
                    return o.id
            raise BadValue(f"没有这个选项：{t}（可填：{'、'.join(o.label for o in rule.options)}）")
        case Multiple():
            return _ids([(o.id, o.label) for o in rule.options], t)
        case RequiredList():
            return _ids([(x.id, x.label) for x in rule.things], t)
        case Share():
            part, whole = _pair(t, f"{rule.part_label}/{rule.whole_label}")
            value = {"part": part, "whole": whole}
        case Number() if rule.growth is not None and re.search(r"[/／]", t):
            current, previous = _pair(t, "本年/上年")
            value = {"current": current, "previous": previous}
        case _:
            try:
                value = parse_number(t)
            except NotANumber as exc:
                raise BadValue(str(exc)) from None
    check_value(rule, value, p)
    return value


def value_to_text(item: Item, value: Any, p: Params) -> str:
    """The village's answer in the form ``value_from_text`` reads (to start the field from)."""
    if value is None:
        return ""
    try:
        checked = check_value(item.rule, value, p)
    except BadValue:
        return str(value)
    rule = item.rule
    match rule:
        case YesNo():
            return "是" if checked else "否"
        case Choice():
            return next(o.label for o in rule.options if o.id == checked)
        case Multiple() | RequiredList():
            return ",".join(checked) if checked else "无"  # ids: a label may itself hold 、
    if isinstance(checked, Ratio):
        return f"{fmt(checked.part)}/{fmt(checked.whole)}"
    if isinstance(checked, Growth):
        return fmt(checked.current) if checked.previous is None else f"{fmt(checked.current)}/{fmt(checked.previous)}"
    return fmt(checked)
