"""Answer values: normalise what an assessment holds for a rule, or say in Chinese why not.

The TUI calls ``check_value`` before it saves anything, so a refused value never reaches the
store; scoring calls it again because files can come from anywhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from checklist.errors import UserError
from checklist.numbers import MAX_DIGITS, NotANumber, fmt, parse_number
from checklist.rubric.model import (
    Choice,
    Count,
    Deviation,
    Judged,
    Multiple,
    Number,
    RequiredList,
    Rule,
    Share,
    YesNo,
)
from checklist.rubric.params import Params


class BadValue(UserError, ValueError):
    """Why a value does not fit the item (Chinese)."""


@dataclass(frozen=True)
class Ratio:
    part: Decimal
    whole: Decimal

    @property
    def percent(self) -> Decimal:
        return self.part * 100 / self.whole


@dataclass(frozen=True)
class Growth:
    current: Decimal
    previous: Decimal | None


def to_decimal(value: Any, what: str = "") -> Decimal:
    if isinstance(value, bool) or value is None:
        raise BadValue(f"{what}应为数字")
    if isinstance(value, str):
        try:
            number = parse_number(value, what)
        except NotANumber as exc:
            raise BadValue(str(exc)) from None
    elif isinstance(value, Decimal):
        number = value
    elif isinstance(value, (int, float)):
        number = Decimal(str(value))
    else:
        raise BadValue(f"{what}应为数字")
    # NaN, Infinity, 1e400 or 30 digits (JSON allows them all) would break comparisons and
    # exact sums later: refuse them here, as parse_number refuses them when typed.
    if not number.is_finite() or len(number.as_tuple().digits) > MAX_DIGITS or abs(number.adjusted()) >= MAX_DIGITS:
        label = f"{what}：" if what else ""
        raise BadValue(f"{label}“{value}”不是有效的数字")
    return number + 0  # -0 is 0 (else shown as “-0次”)


def _in_range(value: Decimal, low: Decimal | None, high: Decimal | None, unit: str) -> Decimal:
    if low is not None and value < low:
        raise BadValue(f"{fmt(value)}{unit} 低于允许的最小值 {fmt(low)}{unit}")
    if high is not None and value > high:
        raise BadValue(f"{fmt(value)}{unit} 超过允许的最大值 {fmt(high)}{unit}")
    return value


def _ids(value: Any, known: list[str], what: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise BadValue(f"应为{what}编号的列表")
    unknown = [v for v in value if v not in known]
    if unknown:
        raise BadValue(f"没有这些{what}：{'、'.join(unknown)}")
    return [k for k in known if k in value]  # rubric order, no repeats


def check_value(rule: Rule, value: Any, p: Params) -> Any:
    """The normalised value (bool, id, ids, Decimal, Ratio, Growth) or BadValue."""
    match rule:
        case YesNo():
            if not isinstance(value, bool):
                raise BadValue("应选择“是”或“否”")
            return value
        case Choice():
            ids = [o.id for o in rule.options]
            if not isinstance(value, str):
                raise BadValue(f"应为一个选项的编号（{'、'.join(ids)} 之一）")
            if value not in ids:
                raise BadValue(f"没有这个选项：{value}")
            return value
        case Multiple():
            return _ids(value, [o.id for o in rule.options], "选项")
        case RequiredList():
            return _ids(value, [t.id for t in rule.things], "事项")
        case Count():
            n = to_decimal(value, "次数")
            if n < 0 or n != n.to_integral_value():
                raise BadValue(f"次数应为不小于 0 的整数，“{fmt(n)}”不行")
            return n
        case Number():
            if rule.growth is not None and isinstance(value, dict):
                current = _in_range(
                    to_decimal(value.get("current"), "本年数值"), p.opt(rule.min), p.opt(rule.max), rule.unit
                )
                prev = value.get("previous")
                previous = None if prev is None else to_decimal(prev, "上年数值")
                if previous is not None and previous < 0:
                    raise BadValue("上年数值不能为负数")
                return Growth(current, previous)
            return _in_range(to_decimal(value, ""), p.opt(rule.min), p.opt(rule.max), rule.unit)
        case Deviation():
            return _in_range(to_decimal(value, ""), p.opt(rule.min), p.opt(rule.max), rule.unit)
        case Share():
            if not isinstance(value, dict):
                raise BadValue(f"应填写“{rule.part_label}”和“{rule.whole_label}”两个数")
            part = to_decimal(value.get("part"), rule.part_label)
            whole = to_decimal(value.get("whole"), rule.whole_label)
            for n, label in ((part, rule.part_label), (whole, rule.whole_label)):
                if n < 0 or n != n.to_integral_value():
                    raise BadValue(f"{label}应为不小于 0 的整数")
            if whole == 0:
                raise BadValue(f"{rule.whole_label}为 0，无法计算占比")
            if part > whole:
                raise BadValue(f"{rule.part_label}（{fmt(part)}）不能多于{rule.whole_label}（{fmt(whole)}）")
            return Ratio(part, whole)
        case Judged():
            return _in_range(to_decimal(value, "评定分"), p(rule.min), p(rule.max), "分")
    raise TypeError(rule)


def numeric_view(value: Any) -> Decimal | None:
    """The number a condition compares: the value, a share's percent, growth's current value."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, Ratio):
        return value.percent
    if isinstance(value, Growth):
        return value.current
    return None
