"""占比分档: a percentage of two answered counts (part / whole), by bands or a per-point deduction."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal

from pydantic import model_validator

from checklist.numbers import fmt
from checklist.rubric.fields import Band, Num, Strict, Text
from checklist.rubric.kinds.bands import band_problems, banded, best, pct
from checklist.rubric.kinds.base import HUNDRED, ZERO, Cells, FormRow, Kind, Problem, Resolve, Why
from checklist.rubric.kinds.perunit import PerUnit, per_unit
from checklist.rubric.kinds.text import pair
from checklist.rubric.kinds.values import BadValue, Ratio, to_decimal

TENTH = Decimal("0.1")


class ShareDeviation(PerUnit):
    """占比每低于 ``baseline`` ``step`` 个百分点扣 ``per`` 分 (by default below: a share too low)."""

    direction: Literal["above", "below"] = "below"


class Share(Strict):
    """A percentage computed from two answered counts (part / whole), scored by bands, or by
    a per-point deduction from a baseline (高中以上占比低于55%的，每降低一个百分点扣1分)."""

    type: Literal["share"]
    part_label: Text
    whole_label: Text
    unit: Text = "人"
    bands: list[Band] = []
    otherwise: Num = Decimal(0)
    deviation: ShareDeviation | None = None

    @model_validator(mode="after")
    def _bands_or_deviation(self) -> Share:
        if bool(self.bands) == (self.deviation is not None):
            raise ValueError("占比须写 bands（分档）或 deviation（每差一个百分点扣分）其中之一")
        return self


class ShareKind(Kind[Share]):
    type = "share"
    label = "占比分档"
    model = Share
    tests = frozenset({"at_least", "at_most"})

    def full(self, rule: Share, p: Resolve) -> Decimal:
        if rule.deviation is not None:
            return p(rule.deviation.points)
        return best(rule.bands, rule.otherwise, p)

    def value_range(self, rule: Share, p: Resolve) -> tuple[Decimal | None, Decimal | None]:
        return ZERO, HUNDRED

    def check(self, rule: Share, value: Any, p: Resolve) -> Any:
        if not isinstance(value, dict):
            raise BadValue(f"应填写“{rule.part_label}”和“{rule.whole_label}”两个数")
        part = to_decimal(value.get("part"), rule.part_label)
        whole = to_decimal(value.get("whole"), rule.whole_label)
        for n, label in ((part, rule.part_label), (whole, rule.whole_label)):
            if n < 0 or n != n.to_integral_value():
                raise BadValue(f"{label}应为不小于 0 的整数")
        if whole == 0:
            raise BadValue(f"{rule.whole_label}为 0，无法计算占比")
        if part > whole:
            raise BadValue(f"{rule.part_label}（{fmt(part)}）不能多于{rule.whole_label}（{fmt(whole)}）")
        return Ratio(part, whole)

    def points(
        self, rule: Share, value: Any, full: Decimal, p: Resolve, title: str, bonus: bool
    ) -> tuple[Decimal, Why]:
        percent = value.percent

        def shown() -> str:
            return (
                f"{rule.part_label}{fmt(value.part)}{rule.unit}/{rule.whole_label}{fmt(value.whole)}{rule.unit}"
                f" = {pct(percent)}"
            )

        if rule.deviation is not None:
            return per_unit(rule.deviation, percent, full, p, "%", shown)
        got, why = banded(rule.bands, rule.otherwise, percent, "%", p)
        return got, lambda: f"{shown()}，{why()}"

    def words(self, rule: Share, value: Any) -> str:
        shown = fmt(value.percent.quantize(TENTH))
        return (
            f"{rule.part_label}{fmt(value.part)}{rule.unit}，{rule.whole_label}{fmt(value.whole)}{rule.unit}"
            f"（占{shown}%）"
        )

    def unit(self, rule: Share) -> str:
        return rule.unit

    def hint(self, rule: Share, p: Resolve, bonus: bool) -> str:
        return ""

    def labels(self, rule: Share) -> dict[str, str]:
        return {}

    def compared_unit(self, rule: Share) -> str:
        return "%"

    def rows(self, item_id: str, rule: Share, p: Resolve) -> list[FormRow]:
        return [
            FormRow(item_id, "part", rule.part_label, rule.unit, "whole", ZERO),
            FormRow(item_id, "whole", rule.whole_label, rule.unit, "whole", Decimal(1)),
        ]

    def read(self, rule: Share, cells: Cells) -> Any:
        labels = {"part": rule.part_label, "whole": rule.whole_label}
        for key, label in labels.items():
            if not cells.filled(key):
                cells.problem(key, f"请同时填写“{label}”")
        got = {key: cells.number(key, label + "：") if cells.filled(key) else None for key, label in labels.items()}
        return None if got["part"] is None or got["whole"] is None else got

    def from_text(self, rule: Share, text: str) -> Any:
        part, whole = pair(text, f"{rule.part_label}/{rule.whole_label}")
        return {"part": part, "whole": whole}

    def to_text(self, rule: Share, value: Any) -> str:
        return f"{fmt(value.part)}/{fmt(value.whole)}"

    def problems(self, rule: Share, p: Resolve) -> list[Problem]:
        if rule.deviation is None:
            return band_problems(rule.bands, p, *self.value_range(rule, p))
        dev = rule.deviation
        out: list[Problem] = []
        if p(dev.step) <= 0 or p(dev.per) <= 0:
            out.append((("deviation",), "step（每差几个百分点）和 per（扣几分）须大于 0"))
        if not ZERO <= p(dev.baseline) <= 100:
            out.append((("deviation", "baseline"), f"基准 {fmt(p(dev.baseline))}% 不在 0～100% 之间"))
        return out
