"""Exact decimals: reading what a user typed and showing points without float noise."""

from __future__ import annotations

import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from checklist.errors import UserError

# What a Chinese input method produces instead of ASCII: full-width digits and signs are
# folded by NFKC; these are the ones NFKC leaves alone.
_IME = str.maketrans({"。": ".", "．": ".", "，": "", ",": "", "－": "-", "—": "-", " ": "", "\u3000": ""})

MAX_DIGITS = 15


_WITH_UNIT = re.compile(r"^[+-]?\d+(\.\d+)?\s*[^\d\s.+-][^\d]*$")


class NotANumber(UserError, ValueError):
    """The message says, in Chinese, what was typed and what is wanted."""


def parse_number(text: str, what: str = "") -> Decimal:
    """``１２３``, ``12。5``, `` 1,200 `` → Decimal; anything else raises NotANumber."""
    label = f"{what}：" if what else ""
    cleaned = unicodedata.normalize("NFKC", text).translate(_IME).strip()
    if cleaned.endswith("%"):
        cleaned = cleaned[:-1]
    if not cleaned:
        raise NotANumber(f"{label}请填写数字")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        if _WITH_UNIT.match(cleaned):  # “2名”, “12万元”: the unit is already beside the box
            raise NotANumber(f"{label}“{text.strip()}”：只填数字，不带单位") from None
        raise NotANumber(f"{label}“{text.strip()}”不是数字，请用阿拉伯数字填写（如 12 或 12.5）") from None
    if not value.is_finite() or len(value.as_tuple().digits) > MAX_DIGITS or "e" in cleaned.lower():
        raise NotANumber(f"{label}“{text.strip()}”不是有效的数字")
    return value + 0  # “-0” is 0


def fmt(value: Decimal | int) -> str:
    """12 → "12", 12.50 → "12.5", 4.999… never appears because we never use float."""
    d = Decimal(value) + 0  # -0 shows as 0
    if d == d.to_integral_value():
        return str(d.quantize(Decimal(1)))
    return format(d.normalize(), "f")


def signed(value: Decimal) -> str:
    """A difference with its sign: +2.5, -1, 0 (自评−审核, 增减)."""
    return ("+" if value > 0 else "") + fmt(value)


def as_json(value: Decimal) -> int | float:
    """A JSON number that reads back as the same decimal (short decimals are exact in repr)."""
    if value == value.to_integral_value():
        return int(value)
    return float(value)


CENT = Decimal("0.01")
ONE = Decimal(1)


def round_points(value: Decimal) -> Decimal:
    """Points shown and summed to two places (re-scaled sections can divide unevenly), rounded
    half up (四舍五入) as a score sheet is: 91.625 → 91.63, not the banker's 91.62."""
    if value == value.to_integral_value():
        return value
    rounded = value.quantize(CENT, rounding=ROUND_HALF_UP)
    # 9.999 → 10, not normalize()'s Decimal("1E+1") (which str() would show as "1E+1")
    return rounded.normalize() if rounded != rounded.to_integral_value() else rounded.quantize(ONE)
