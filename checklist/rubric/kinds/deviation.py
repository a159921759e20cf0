"""超出基准扣分: 每超过 ``baseline`` ``step`` 个单位扣 ``per`` 分 (平均年龄每超过1岁扣3分)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal

from checklist.numbers import fmt
from checklist.rubric.fields import Num, Text
from checklist.rubric.kinds.base import Cells, FormRow, Kind, Problem, Resolve, Why
from checklist.rubric.kinds.perunit import PerUnit, per_unit
from checklist.rubric.kinds.text import number_text
from checklist.rubric.kinds.values import in_range, text_number, to_decimal


class Deviation(PerUnit):
    """每超过 ``baseline`` ``step`` 个单位扣 ``per`` 分 (平均年龄每超过1岁扣3分)."""

    type: Literal["deviation"]
    unit: Text = ""
    min: Num | None = None
    max: Num | None = None


class DeviationKind(Kind[Deviation]):
    type = "deviation"
    label = "超出基准扣分"
    model = Deviation
    tests = frozenset({"at_least", "at_most"})

    def full(self, rule: Deviation, p: Resolve) -> Decimal:
        return p(rule.points)

    def value_range(self, rule: Deviation, p: Resolve) -> tuple[Decimal | None, Decimal | None]:
        return p.opt(rule.min), p.opt(rule.max)

    def check(self, rule: Deviation, value: Any, p: Resolve) -> Any:
        return in_range(to_decimal(value, ""), p.opt(rule.min), p.opt(rule.max), rule.unit)

    def points(
        self, rule: Deviation, value: Any, full: Decimal, p: Resolve, title: str, bonus: bool
    ) -> tuple[Decimal, Why]:
        return per_unit(rule, value, full, p, rule.unit)

    def words(self, rule: Deviation, value: Any) -> str:
        return f"{fmt(value)}{rule.unit}"

    def unit(self, rule: Deviation) -> str:
        return rule.unit

    def hint(self, rule: Deviation, p: Resolve, bonus: bool) -> str:
        low, high = p.opt(rule.min), p.opt(rule.max)
        return f"范围 {fmt(low)}–{fmt(high)}{rule.unit}" if low is not None and high is not None else ""

    def labels(self, rule: Deviation) -> dict[str, str]:
        return {}

    def compared_unit(self, rule: Deviation) -> str:
        return rule.unit

    def rows(self, item_id: str, rule: Deviation, p: Resolve) -> list[FormRow]:
        return [FormRow(item_id, "value", "填写数值", rule.unit, "decimal", p.opt(rule.min), p.opt(rule.max))]

    def read(self, rule: Deviation, cells: Cells) -> Any:
        return cells.number("value", "")

    def from_text(self, rule: Deviation, text: str) -> Any:
        return text_number(text)

    def to_text(self, rule: Deviation, value: Any) -> str:
        return number_text(value)

    def problems(self, rule: Deviation, p: Resolve) -> list[Problem]:
        if p(rule.step) <= 0 or p(rule.per) <= 0:
            return [((), "step（每超过多少）和 per（扣几分）须大于 0")]
        return []
