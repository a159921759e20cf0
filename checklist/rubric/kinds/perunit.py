"""The one per-unit deduction (每差多少扣几分), on a measured value (deviation) or a share's percent."""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Literal

from checklist.numbers import fmt
from checklist.rubric.fields import Num, Strict
from checklist.rubric.kinds.bands import pct
from checklist.rubric.kinds.base import Resolve, Why


class PerUnit(Strict):
    """每差 ``step`` 扣 ``per`` 分 from ``points``, deduction capped: the one per-unit deduction,
    on a measured value (``deviation``) or on a share's percent (``share.deviation``)."""

    points: Num
    baseline: Num
    direction: Literal["above", "below"] = "above"
    step: Num = Decimal(1)
    per: Num
    cap: Num | None = None
    partial: Literal["floor", "ceil", "exact"] = "floor"


def per_unit(
    rule: PerUnit, value: Decimal, full: Decimal, p: Resolve, unit: str, shown: Why | None = None
) -> tuple[Decimal, Why]:
    """(points, why) of the deduction: 平均年龄每超过1岁, or a share's 每降低一个百分点."""
    base, step, per = p(rule.baseline), p(rule.step), p(rule.per)
    over = value - base if rule.direction == "above" else base - value
    word = "超过" if rule.direction == "above" else "低于"
    if over <= 0:
        return full, lambda: f"{_shown(value, unit, shown)}，未{word}{fmt(base)}{unit}，得{fmt(full)}分"
    units = over / step
    if rule.partial == "floor":
        units = Decimal(math.floor(units))
    elif rule.partial == "ceil":
        units = Decimal(math.ceil(units))
    lost = units * per
    limit = min(p(rule.cap), full) if rule.cap is not None else full
    taken = min(lost, limit)
    got = full - taken

    def why() -> str:
        capped = f"（最多扣{fmt(limit)}分）" if lost > taken else ""
        gap = fmt(over) if unit != "%" else pct(over).rstrip("%")
        step_word = f"{fmt(step)}个百分点" if unit == "%" else f"{fmt(step)}{unit}"
        gap_word = f"{gap}个百分点" if unit == "%" else f"{gap}{unit}"
        return (
            f"{_shown(value, unit, shown)}，{word}{fmt(base)}{unit} {gap_word}，"
            f"每{step_word}扣{fmt(per)}分，扣{fmt(taken)}分{capped}，得{fmt(got)}分"
        )

    return got, why


def _shown(value: Decimal, unit: str, shown: Why | None) -> str:
    return shown() if shown is not None else f"{fmt(value)}{unit}"
