"""Normalised answer values and the refusal every kind raises, with the checks they share."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from checklist.errors import UserError
from checklist.numbers import MAX_DIGITS, NotANumber, as_json, fmt, parse_number


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


_INT_LIMIT = 10**MAX_DIGITS


def to_decimal(value: Any, what: str = "") -> Decimal:
    if type(value) is int and -_INT_LIMIT < value < _INT_LIMIT:  # the common case, exact as it is
        return Decimal(value)
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


def text_number(text: str) -> Decimal:
    """A number typed as text (full-width digits and 。 accepted), refused as BadValue."""
    try:
        return parse_number(text)
    except NotANumber as exc:
        raise BadValue(str(exc)) from None


def in_range(value: Decimal, low: Decimal | None, high: Decimal | None, unit: str) -> Decimal:
    if low is not None and value < low:
        raise BadValue(f"{fmt(value)}{unit} 低于允许的最小值 {fmt(low)}{unit}")
    if high is not None and value > high:
        raise BadValue(f"{fmt(value)}{unit} 超过允许的最大值 {fmt(high)}{unit}")
    return value


def whole_count(value: Any, what: str) -> Decimal:
    n = to_decimal(value, what)
    if n < 0 or n != n.to_integral_value():
        raise BadValue(f"{what}应为不小于 0 的整数，“{fmt(n)}”不行")
    return n


def numeric_view(value: Any) -> Decimal | None:
    """The number a condition compares: the value, a share's percent, growth's current value."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, Ratio):
        return value.percent
    if isinstance(value, Growth):
        return value.current
    return None


def known_ids(value: Any, known: list[str], what: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise BadValue(f"应为{what}编号的列表")
    unknown = [v for v in value if v not in known]
    if unknown:
        raise BadValue(f"没有这些{what}：{'、'.join(unknown)}")
    return [k for k in known if k in value]  # rubric order, no repeats


def value_json(value: Any) -> Any:
    """A normalised value in the assessment file's JSON shape (numbers as int or float)."""
    if isinstance(value, list):
        return list(value)  # the caller's own: one checked value serves every result that has it
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, Decimal):
        return as_json(value)
    if isinstance(value, Ratio):
        return {"part": as_json(value.part), "whole": as_json(value.whole)}
    if isinstance(value, Growth):
        previous = None if value.previous is None else as_json(value.previous)
        return {"current": as_json(value.current), "previous": previous}
    raise TypeError(value)
