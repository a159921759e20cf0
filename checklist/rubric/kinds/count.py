"""计次: events × ``per``, a deduction from ``points`` (扣完为止) or a bonus up to ``cap``."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal

from pydantic import model_validator

from checklist.numbers import fmt
from checklist.rubric.fields import Num, Strict, Text
from checklist.rubric.kinds.base import ZERO, Cells, FormRow, Kind, Problem, Resolve, Why
from checklist.rubric.kinds.text import number_text
from checklist.rubric.kinds.values import text_number, whole_count


class Count(Strict):
    """Events × ``per``: a deduction from ``points`` (扣完为止) or a bonus up to ``cap``."""

    type: Literal["count"]
    mode: Literal["deduct", "add"]
    per: Num
    points: Num | None = None
    cap: Num | None = None
    unit: Text = "次"

    @model_validator(mode="after")
    def _needs_base(self) -> Count:
        if self.mode == "deduct" and self.points is None:
            raise ValueError("扣分计次须写 points（本项满分，扣完为止）")
        if self.mode == "add" and self.cap is None:
            raise ValueError("加分计次须写 cap（最高加分）")
        return self

    def verb(self, bonus: bool) -> str:
        """每次扣 / 每次加 (a bonus item) / 每次得 (points within the base total)."""
        return "扣" if self.mode == "deduct" else ("加" if bonus else "得")


class CountKind(Kind[Count]):
    type = "count"
    label = "计次"
    model = Count
    tests = frozenset({"at_least", "at_most"})
    zero_full_ok = True  # 0 full marks is no slip: a count can be read only by conditions

    def full(self, rule: Count, p: Resolve) -> Decimal:
        return p(rule.points) if rule.mode == "deduct" else p(rule.cap)  # type: ignore[arg-type]

    def value_range(self, rule: Count, p: Resolve) -> tuple[Decimal | None, Decimal | None]:
        return ZERO, None

    def check(self, rule: Count, value: Any, p: Resolve) -> Any:
        return whole_count(value, "次数")

    def points(
        self, rule: Count, value: Any, full: Decimal, p: Resolve, title: str, bonus: bool
    ) -> tuple[Decimal, Why]:
        n = value
        per = p(rule.per)
        if rule.mode == "add":
            raw = per * n
            got = min(raw, full)
            capped = f"，超过上限按{fmt(full)}分计" if raw > full else ""
            return (
                got,
                lambda: f"{fmt(n)}{rule.unit}，每{rule.unit}{rule.verb(bonus)}{fmt(per)}分{capped}，得{fmt(got)}分",
            )
        if n == 0:
            return full, lambda: f"未发现，得满分{fmt(full)}分"
        lost = per * n
        limit = p(rule.cap) if rule.cap is not None else full
        taken = min(lost, limit, full)
        got = full - taken

        def why() -> str:
            note = ""
            if lost > taken:  # 扣完为止 when the item is wiped out; otherwise the deduction cap bit
                note = "，扣完为止" if taken == full else f"，最多扣{fmt(taken)}分"
            return f"发现{fmt(n)}{rule.unit}，每{rule.unit}扣{fmt(per)}分{note}，扣{fmt(taken)}分，得{fmt(got)}分"

        return got, why

    def words(self, rule: Count, value: Any) -> str:
        return f"{fmt(value)}{rule.unit}"

    def unit(self, rule: Count) -> str:
        return rule.unit

    def hint(self, rule: Count, p: Resolve, bonus: bool) -> str:
        return f"填写次数（整数），每{rule.unit}{rule.verb(bonus)}{fmt(p(rule.per))}分"

    def labels(self, rule: Count) -> dict[str, str]:
        return {}

    def compared_unit(self, rule: Count) -> str:
        return rule.unit

    def rows(self, item_id: str, rule: Count, p: Resolve) -> list[FormRow]:
        return [FormRow(item_id, "value", f"填写{rule.unit}数（整数）", rule.unit, "whole", ZERO)]

    def read(self, rule: Count, cells: Cells) -> Any:
        return cells.number("value", "")

    def from_text(self, rule: Count, text: str) -> Any:
        return text_number(text)

    def to_text(self, rule: Count, value: Any) -> str:
        return number_text(value)

    def problems(self, rule: Count, p: Resolve) -> list[Problem]:
        return [(("per",), "每次的分值 per 须大于 0")] if p(rule.per) <= 0 else []
