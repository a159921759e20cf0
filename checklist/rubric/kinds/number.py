"""数值分档: a measured value (amount, area, …) scored by bands, with an optional growth alternative."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal

from pydantic import Field

from checklist.numbers import fmt
from checklist.rubric.fields import Band, Num, Strict, Text
from checklist.rubric.kinds.bands import band_problems, banded, best, pct
from checklist.rubric.kinds.base import ZERO, Cells, FormRow, Kind, Problem, Resolve, Why
from checklist.rubric.kinds.text import PAIR, number_text, pair
from checklist.rubric.kinds.values import BadValue, in_range, text_number, to_decimal
from checklist.rubric.kinds.values import Growth as GrowthValue


class Growth(Strict):
    """Either/or: full ``points`` also when the value grew by ``rate`` percent over last year,
    counted only from ``min`` up (growth from almost nothing, 1.0 → 1.1万元, earns nothing)."""

    rate: Num
    points: Num
    min: Num | None = None


class Number(Strict):
    """A measured value (amount, area, …) scored by bands; thresholds may be parameters."""

    type: Literal["number"]
    unit: Text = ""
    min: Num | None = None
    max: Num | None = None
    bands: list[Band] = Field(min_length=1)
    otherwise: Num = Decimal(0)
    growth: Growth | None = None


class NumberKind(Kind[Number]):
    type = "number"
    label = "数值分档"
    model = Number
    tests = frozenset({"at_least", "at_most"})

    def full(self, rule: Number, p: Resolve) -> Decimal:
        top = best(rule.bands, rule.otherwise, p)
        return max(top, p(rule.growth.points)) if rule.growth else top

    def value_range(self, rule: Number, p: Resolve) -> tuple[Decimal | None, Decimal | None]:
        return p.opt(rule.min), p.opt(rule.max)

    def check(self, rule: Number, value: Any, p: Resolve) -> Any:
        low, high = p.opt(rule.min), p.opt(rule.max)
        if rule.growth is not None and isinstance(value, dict):
            current = in_range(to_decimal(value.get("current"), "本年数值"), low, high, rule.unit)
            prev = value.get("previous")
            previous = None if prev is None else to_decimal(prev, "上年数值")
            if previous is not None and previous < 0:
                raise BadValue("上年数值不能为负数")
            return GrowthValue(current, previous)
        return in_range(to_decimal(value, ""), low, high, rule.unit)

    def points(
        self, rule: Number, value: Any, full: Decimal, p: Resolve, title: str, bonus: bool
    ) -> tuple[Decimal, Why]:
        current = value.current if isinstance(value, GrowthValue) else value
        got, band = banded(rule.bands, rule.otherwise, current, rule.unit, p)

        def why() -> str:
            return f"{title} {fmt(current)}{rule.unit} {band()}"

        if rule.growth is not None and isinstance(value, GrowthValue) and value.previous:
            rate = (current - value.previous) * 100 / value.previous
            needed = p(rule.growth.rate)
            extra = p(rule.growth.points)
            floor = p.opt(rule.growth.min)
            if floor is not None and current < floor:
                if extra > got and rate >= needed:
                    return (
                        got,
                        lambda: f"{why()}；比上年增长{pct(rate)}，但本年未达到{fmt(floor)}{rule.unit}，增幅不计分",
                    )
                return got, why
            if rate >= needed and extra > got:
                return extra, lambda: f"{title}比上年增长{pct(rate)}（不低于{fmt(needed)}%），得{fmt(extra)}分"
            if extra > got:
                return got, lambda: f"{why()}；比上年增长{pct(rate)}，增长达到{fmt(needed)}%可得{fmt(extra)}分"
        return got, why

    def words(self, rule: Number, value: Any) -> str:
        if isinstance(value, GrowthValue):
            prev = "" if value.previous is None else f"，上年{fmt(value.previous)}{rule.unit}"
            return f"本年{fmt(value.current)}{rule.unit}{prev}"
        return f"{fmt(value)}{rule.unit}"

    def unit(self, rule: Number) -> str:
        return rule.unit

    def hint(self, rule: Number, p: Resolve, bonus: bool) -> str:
        low, high = p.opt(rule.min), p.opt(rule.max)
        return f"范围 {fmt(low)}–{fmt(high)}{rule.unit}" if low is not None and high is not None else ""

    def labels(self, rule: Number) -> dict[str, str]:
        return {}

    def compared_unit(self, rule: Number) -> str:
        return rule.unit

    def rows(self, item_id: str, rule: Number, p: Resolve) -> list[FormRow]:
        low, high = p.opt(rule.min), p.opt(rule.max)
        if rule.growth is None:
            return [FormRow(item_id, "value", "填写数值", rule.unit, "decimal", low, high)]
        return [
            FormRow(item_id, "current", "本年度数值", rule.unit, "decimal", low, high),
            FormRow(item_id, "previous", "上年度数值（用于计算增幅，可不填）", rule.unit, "decimal", ZERO),
        ]

    def read(self, rule: Number, cells: Cells) -> Any:
        if rule.growth is None:
            return cells.number("value", "")
        if not cells.filled("current"):
            cells.problem("current", "已填上年度数值，请填写本年度数值")
            return None
        current = cells.number("current", "本年度数值")
        given = cells.filled("previous")
        previous = cells.number("previous", "上年度数值") if given else None
        if current is None or (given and previous is None):
            return None
        return {"current": current, "previous": previous}

    def from_text(self, rule: Number, text: str) -> Any:
        if rule.growth is not None and PAIR.search(text):
            current, previous = pair(text, "本年/上年")
            return {"current": current, "previous": previous}
        return text_number(text)

    def to_text(self, rule: Number, value: Any) -> str:
        if isinstance(value, GrowthValue):
            return fmt(value.current) if value.previous is None else f"{fmt(value.current)}/{fmt(value.previous)}"
        return number_text(value)

    def problems(self, rule: Number, p: Resolve) -> list[Problem]:
        out = band_problems(rule.bands, p, *self.value_range(rule, p))
        if rule.growth is not None and rule.growth.min is not None:
            top = rule.bands[0]
            if top.min is not None and p(rule.growth.min) >= p(top.min):
                message = (
                    f"增幅计分起点 {fmt(p(rule.growth.min))} 不低于最高一档门槛 {fmt(p(top.min))}，增幅永远不会多得分"
                )
                out.append((("growth", "min"), message))
        return out
