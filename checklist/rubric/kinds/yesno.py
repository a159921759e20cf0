"""是否题: full marks for yes, or for no when ``negative`` (a thing that should not happen)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal

from pydantic import StrictBool

from checklist.numbers import fmt
from checklist.rubric.fields import Num, Strict
from checklist.rubric.kinds.base import ZERO, Cells, FormRow, Kind, Problem, Resolve, Why
from checklist.rubric.kinds.text import NO_WORDS, YES_WORDS
from checklist.rubric.kinds.values import BadValue


class YesNo(Strict):
    """是/否: ``points`` for yes, or for no when ``negative`` (a thing that should not happen)."""

    type: Literal["yesno"]
    points: Num
    negative: StrictBool = False


class YesNoKind(Kind[YesNo]):
    type = "yesno"
    label = "是否题"
    model = YesNo
    tests = frozenset({"equals"})

    def full(self, rule: YesNo, p: Resolve) -> Decimal:
        return p(rule.points)

    def value_range(self, rule: YesNo, p: Resolve) -> tuple[Decimal | None, Decimal | None]:
        return None, None

    def check(self, rule: YesNo, value: Any, p: Resolve) -> Any:
        if not isinstance(value, bool):
            raise BadValue("应选择“是”或“否”")
        return value

    def points(
        self, rule: YesNo, value: Any, full: Decimal, p: Resolve, title: str, bonus: bool
    ) -> tuple[Decimal, Why]:
        word = "是" if value else "否"
        if full == 0:
            return ZERO, lambda: f"{word}（信息项，不计分）"
        if value != rule.negative:
            return full, lambda: f"{word}，得{fmt(full)}分"
        return ZERO, lambda: f"{word}，不得分（{'否' if rule.negative else '是'}可得{fmt(full)}分）"

    def words(self, rule: YesNo, value: Any) -> str:
        return "是" if value else "否"

    def unit(self, rule: YesNo) -> str:
        return ""

    def hint(self, rule: YesNo, p: Resolve, bonus: bool) -> str:
        return ""

    def labels(self, rule: YesNo) -> dict[str, str]:
        return {}

    def compared_unit(self, rule: YesNo) -> str:
        return ""

    def rows(self, item_id: str, rule: YesNo, p: Resolve) -> list[FormRow]:
        return [FormRow(item_id, "value", "选择“是”或“否”", kind="yesno")]

    def read(self, rule: YesNo, cells: Cells) -> Any:
        return cells.yes_no("value")

    def from_text(self, rule: YesNo, text: str) -> Any:
        if text.lower() in YES_WORDS:
            return True
        if text.lower() in NO_WORDS:
            return False
        raise BadValue("请填“是”或“否”")

    def to_text(self, rule: YesNo, value: Any) -> str:
        return "是" if value else "否"

    def problems(self, rule: YesNo, p: Resolve) -> list[Problem]:
        return []
