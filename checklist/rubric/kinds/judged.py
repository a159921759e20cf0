"""评定分: a score judged within [min, max] (5–10分), counted only with a justification (备注)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal

from checklist.numbers import fmt
from checklist.rubric.fields import Num, Strict
from checklist.rubric.kinds.base import Cells, FormRow, Kind, Problem, Resolve, Why
from checklist.rubric.kinds.text import number_text
from checklist.rubric.kinds.values import in_range, text_number, to_decimal


class Judged(Strict):
    """A score judged within [min, max] (5–10分), with a required justification note."""

    type: Literal["judged"]
    min: Num = Decimal(0)
    max: Num


class JudgedKind(Kind[Judged]):
    type = "judged"
    label = "评定分"
    model = Judged
    tests = frozenset({"at_least", "at_most"})
    needs_note = True

    def full(self, rule: Judged, p: Resolve) -> Decimal:
        return p(rule.max)

    def value_range(self, rule: Judged, p: Resolve) -> tuple[Decimal | None, Decimal | None]:
        return p(rule.min), p(rule.max)

    def check(self, rule: Judged, value: Any, p: Resolve) -> Any:
        return in_range(to_decimal(value, "评定分"), p(rule.min), p(rule.max), "分")

    def points(
        self, rule: Judged, value: Any, full: Decimal, p: Resolve, title: str, bonus: bool
    ) -> tuple[Decimal, Why]:
        return value, lambda: f"评定{fmt(value)}分（可评{fmt(p(rule.min))}–{fmt(full)}分）"

    def words(self, rule: Judged, value: Any) -> str:
        return f"评定{fmt(value)}分"

    def unit(self, rule: Judged) -> str:
        return "分"

    def hint(self, rule: Judged, p: Resolve, bonus: bool) -> str:
        return f"评定分 {fmt(p(rule.min))}–{fmt(p(rule.max))} 分，须在备注中写明理由"

    def labels(self, rule: Judged) -> dict[str, str]:
        return {}

    def compared_unit(self, rule: Judged) -> str:
        return ""

    def rows(self, item_id: str, rule: Judged, p: Resolve) -> list[FormRow]:
        low, high = p(rule.min), p(rule.max)
        prompt = f"在{fmt(low)}至{fmt(high)}分之间评定，备注写明理由"
        return [FormRow(item_id, "value", prompt, "分", "decimal", low, high)]

    def read(self, rule: Judged, cells: Cells) -> Any:
        return cells.number("value", "")

    def from_text(self, rule: Judged, text: str) -> Any:
        return text_number(text)

    def to_text(self, rule: Judged, value: Any) -> str:
        return number_text(value)

    def problems(self, rule: Judged, p: Resolve) -> list[Problem]:
        return [((), "评定分的区间上下限相同，无需评定")] if p(rule.min) == p(rule.max) else []
