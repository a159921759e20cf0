"""多选题: the points of the options ticked, added up to ``cap``."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal

from pydantic import Field

from checklist.numbers import fmt
from checklist.quotes import q
from checklist.rubric.fields import Num, Option, Strict
from checklist.rubric.kinds.base import ZERO, Cells, FormRow, Kind, Problem, Resolve, Why
from checklist.rubric.kinds.text import ids_from_text, ids_to_text, read_ticks
from checklist.rubric.kinds.values import known_ids


class Multiple(Strict):
    type: Literal["multiple"]
    options: list[Option] = Field(min_length=1)
    cap: Num | None = None


class MultipleKind(Kind[Multiple]):
    type = "multiple"
    label = "多选题"
    model = Multiple
    tests = frozenset({"contains"})

    def full(self, rule: Multiple, p: Resolve) -> Decimal:
        total = sum((p(o.points) for o in rule.options), ZERO)
        return min(total, p(rule.cap)) if rule.cap is not None else total

    def value_range(self, rule: Multiple, p: Resolve) -> tuple[Decimal | None, Decimal | None]:
        return None, None

    def check(self, rule: Multiple, value: Any, p: Resolve) -> Any:
        return known_ids(value, [o.id for o in rule.options], "选项")

    def points(
        self, rule: Multiple, value: Any, full: Decimal, p: Resolve, title: str, bonus: bool
    ) -> tuple[Decimal, Why]:
        chosen = [o for o in rule.options if o.id in value]
        raw = sum((p(o.points) for o in chosen), ZERO)
        got = min(raw, full)
        capped = f"（超过上限，按{fmt(full)}分计）" if raw > full else ""
        return got, lambda: f"{'、'.join(q(o.label) for o in chosen) or '未选任何一项'}，得{fmt(got)}分{capped}"

    def words(self, rule: Multiple, value: Any) -> str:
        chosen = [o.label for o in rule.options if o.id in value]
        return "、".join(chosen) if chosen else "未选任何一项"

    def unit(self, rule: Multiple) -> str:
        return ""

    def hint(self, rule: Multiple, p: Resolve, bonus: bool) -> str:
        return ""

    def labels(self, rule: Multiple) -> dict[str, str]:
        return {o.id: o.label for o in rule.options}

    def compared_unit(self, rule: Multiple) -> str:
        return ""

    def rows(self, item_id: str, rule: Multiple, p: Resolve) -> list[FormRow]:
        rows = [FormRow(item_id, "head", "以下各项逐项选择“是”或“否”")]
        return rows + [FormRow(item_id, f"opt:{o.id}", o.label, kind="yesno") for o in rule.options]

    def read(self, rule: Multiple, cells: Cells) -> Any:
        return read_ticks(cells)

    def from_text(self, rule: Multiple, text: str) -> Any:
        return ids_from_text([(o.id, o.label) for o in rule.options], text)

    def to_text(self, rule: Multiple, value: Any) -> str:
        return ids_to_text(value)

    def problems(self, rule: Multiple, p: Resolve) -> list[Problem]:
        if rule.cap is not None:
            positive = [p(o.points) for o in rule.options if p(o.points) > 0]
            if positive and p(rule.cap) < min(positive):
                return [(("cap",), f"上限 {fmt(p(rule.cap))} 低于任一选项的分值，选项分值无法全部计入")]
        return []
