"""必备清单: 缺一项扣 ``deduct`` 分 from ``points``, never below zero."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal

from pydantic import Field

from checklist.numbers import fmt
from checklist.rubric.fields import Num, Strict, Thing
from checklist.rubric.kinds.base import ZERO, Cells, FormRow, Kind, Problem, Resolve, Why
from checklist.rubric.kinds.text import ids_from_text, ids_to_text, read_ticks
from checklist.rubric.kinds.values import known_ids


class RequiredList(Strict):
    """缺一项扣 ``deduct`` 分, from ``points``, never below zero."""

    type: Literal["required_list"]
    points: Num
    deduct: Num
    things: list[Thing] = Field(min_length=1)


class RequiredListKind(Kind[RequiredList]):
    type = "required_list"
    label = "必备清单"
    model = RequiredList
    tests = frozenset({"contains"})

    def full(self, rule: RequiredList, p: Resolve) -> Decimal:
        return p(rule.points)

    def value_range(self, rule: RequiredList, p: Resolve) -> tuple[Decimal | None, Decimal | None]:
        return None, None

    def check(self, rule: RequiredList, value: Any, p: Resolve) -> Any:
        return known_ids(value, [t.id for t in rule.things], "事项")

    def points(
        self, rule: RequiredList, value: Any, full: Decimal, p: Resolve, title: str, bonus: bool
    ) -> tuple[Decimal, Why]:
        missing = [t for t in rule.things if t.id not in value]
        if not missing:
            return full, lambda: f"{len(rule.things)}项齐全，得{fmt(full)}分"
        lost = p(rule.deduct) * len(missing)
        got = max(ZERO, full - lost)
        floor = "，扣完为止" if lost > full else ""
        return (
            got,
            lambda: (
                f"缺{len(missing)}项（{'、'.join(t.label for t in missing)}），每缺一项扣{fmt(p(rule.deduct))}分{floor}，得{fmt(got)}分"
            ),
        )

    def words(self, rule: RequiredList, value: Any) -> str:
        have = [t.label for t in rule.things if t.id in value]
        missing = [t.label for t in rule.things if t.id not in value]
        text = f"已具备：{'、'.join(have)}" if have else "均未具备"
        return text + (f"\n缺：{'、'.join(missing)}" if missing and have else "")

    def unit(self, rule: RequiredList) -> str:
        return ""

    def hint(self, rule: RequiredList, p: Resolve, bonus: bool) -> str:
        return ""

    def labels(self, rule: RequiredList) -> dict[str, str]:
        return {t.id: t.label for t in rule.things}

    def compared_unit(self, rule: RequiredList) -> str:
        return ""

    def rows(self, item_id: str, rule: RequiredList, p: Resolve) -> list[FormRow]:
        rows = [FormRow(item_id, "head", "以下各项逐项选择“是”（已具备）或“否”（缺）")]
        return rows + [FormRow(item_id, f"opt:{t.id}", t.label, kind="yesno") for t in rule.things]

    def read(self, rule: RequiredList, cells: Cells) -> Any:
        return read_ticks(cells)

    def from_text(self, rule: RequiredList, text: str) -> Any:
        return ids_from_text([(t.id, t.label) for t in rule.things], text)

    def to_text(self, rule: RequiredList, value: Any) -> str:
        return ids_to_text(value)

    def problems(self, rule: RequiredList, p: Resolve) -> list[Problem]:
        return []
