"""单选题: the points of the option chosen."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal

from pydantic import Field

from checklist.numbers import fmt
from checklist.quotes import q
from checklist.rubric.fields import Option, Strict
from checklist.rubric.kinds.base import ZERO, Cells, FormRow, Kind, Problem, Resolve, Why
from checklist.rubric.kinds.text import plain
from checklist.rubric.kinds.values import BadValue


class Choice(Strict):
    type: Literal["choice"]
    options: list[Option] = Field(min_length=2)


def choice_labels(rule: Choice) -> list[str]:
    """Dropdown texts: the labels, numbered when two options share a label."""
    labels = [o.label.strip() for o in rule.options]
    if len(set(labels)) == len(labels):
        return labels
    return [f"{n}．{label}" for n, label in enumerate(labels, start=1)]


class ChoiceKind(Kind[Choice]):
    type = "choice"
    label = "单选题"
    model = Choice
    tests = frozenset({"equals", "in_"})

    def full(self, rule: Choice, p: Resolve) -> Decimal:
        return max(p(o.points) for o in rule.options)

    def value_range(self, rule: Choice, p: Resolve) -> tuple[Decimal | None, Decimal | None]:
        return None, None

    def check(self, rule: Choice, value: Any, p: Resolve) -> Any:
        ids = [o.id for o in rule.options]
        if not isinstance(value, str):
            raise BadValue(f"应为一个选项的编号（{'、'.join(ids)} 之一）")
        if value not in ids:
            raise BadValue(f"没有这个选项：{value}")
        return value

    def points(
        self, rule: Choice, value: Any, full: Decimal, p: Resolve, title: str, bonus: bool
    ) -> tuple[Decimal, Why]:
        option = next(o for o in rule.options if o.id == value)
        got = p(option.points)
        if full == 0:
            return ZERO, lambda: f"选择{q(option.label)}（信息项，不计分）"

        def why() -> str:
            said = f"选择{q(option.label)}，得{fmt(got)}分"
            if got < full:
                best = max(rule.options, key=lambda o: p(o.points))
                said += f"；选择{q(best.label)}可得{fmt(full)}分"
            return said

        return got, why

    def words(self, rule: Choice, value: Any) -> str:
        return next(o.label for o in rule.options if o.id == value)

    def unit(self, rule: Choice) -> str:
        return ""

    def hint(self, rule: Choice, p: Resolve, bonus: bool) -> str:
        return ""

    def labels(self, rule: Choice) -> dict[str, str]:
        return {o.id: o.label for o in rule.options}

    def compared_unit(self, rule: Choice) -> str:
        return ""

    def rows(self, item_id: str, rule: Choice, p: Resolve) -> list[FormRow]:
        return [FormRow(item_id, "value", "从下拉列表中选择一项", kind="choice")]

    def read(self, rule: Choice, cells: Cells) -> Any:
        raw = cells.text("value").strip()
        lookup = {plain(label): o.id for label, o in zip(choice_labels(rule), rule.options, strict=True)}
        lookup.update({plain(o.label): o.id for o in rule.options})
        lookup.update({plain(o.id): o.id for o in rule.options})
        value = lookup.get(plain(raw))
        if value is None:
            cells.problem("value", f"“{raw[:40]}”不是可选的选项，请从下拉列表中选择")
        return value

    def from_text(self, rule: Choice, text: str) -> Any:
        for o in rule.options:
            if text in (o.id, o.label):
                return o.id
        raise BadValue(f"没有这个选项：{text}（可填：{'、'.join(o.label for o in rule.options)}）")

    def to_text(self, rule: Choice, value: Any) -> str:
        return self.words(rule, value)

    def problems(self, rule: Choice, p: Resolve) -> list[Problem]:
        return []
