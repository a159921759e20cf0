"""What an item can earn and what values its answer can take: shared by checks and scoring."""

from __future__ import annotations

from decimal import Decimal

from checklist.rubric.model import (
    Choice,
    Count,
    Deviation,
    Judged,
    Multiple,
    Number,
    RequiredList,
    Rule,
    Share,
    YesNo,
)
from checklist.rubric.params import Params

ZERO = Decimal(0)
HUNDRED = Decimal(100)


def rule_max(rule: Rule, p: Params) -> Decimal:
    """Full marks (满分) of a rule; for an add-count, its cap."""
    match rule:
        case YesNo() | RequiredList() | Deviation():
            return p(rule.points)
        case Choice():
            return max(p(o.points) for o in rule.options)
        case Multiple():
            total = sum((p(o.points) for o in rule.options), ZERO)
            return min(total, p(rule.cap)) if rule.cap is not None else total
        case Count():
            return p(rule.points) if rule.mode == "deduct" else p(rule.cap)  # type: ignore[arg-type]
        case Number():
            best = max([p(b.points) for b in rule.bands] + [p(rule.otherwise)])
            return max(best, p(rule.growth.points)) if rule.growth else best
        case Share():
            if rule.deviation is not None:
                return p(rule.deviation.points)
            return max([p(b.points) for b in rule.bands] + [p(rule.otherwise)])
        case Judged():
            return p(rule.max)
    raise TypeError(rule)


def value_range(rule: Rule, p: Params) -> tuple[Decimal | None, Decimal | None]:
    """Bounds of the number a condition compares (the value, or the percent of a share)."""
    match rule:
        case Number() | Deviation():
            return p.opt(rule.min), p.opt(rule.max)
        case Judged():
            return p(rule.min), p(rule.max)
        case Share():
            return ZERO, HUNDRED
        case Count():
            return ZERO, None
    return None, None


NUMERIC = (Number, Deviation, Judged, Share, Count)
