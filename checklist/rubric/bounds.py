"""What an item can earn and what values its answer can take: shared by checks and scoring."""

from __future__ import annotations

from decimal import Decimal

from checklist.rubric.kinds import KINDS, kind_of
from checklist.rubric.kinds.base import HUNDRED, ZERO
from checklist.rubric.model import Rule
from checklist.rubric.params import Params

__all__ = ["HUNDRED", "NUMERIC", "ZERO", "rule_max", "value_range"]


def rule_max(rule: Rule, p: Params) -> Decimal:
    """Full marks (满分) of a rule; for an add-count, its cap."""
    return kind_of(rule).full(rule, p)


def value_range(rule: Rule, p: Params) -> tuple[Decimal | None, Decimal | None]:
    """Bounds of the number a condition compares (the value, or the percent of a share)."""
    return kind_of(rule).value_range(rule, p)


NUMERIC = tuple(k.model for k in KINDS.values() if "at_least" in k.tests)
