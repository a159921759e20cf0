"""Answer values: normalise what an assessment holds for a rule, or say in Chinese why not.

Each kind checks its own (checklist/rubric/kinds/); scoring checks once per answer and the Result
carries the normalised value and its words, so no screen or sheet checks again.
"""

from __future__ import annotations

from typing import Any

from checklist.rubric.kinds import kind_of
from checklist.rubric.kinds.values import BadValue, Growth, Ratio, numeric_view, to_decimal
from checklist.rubric.model import Rule
from checklist.rubric.params import Params

__all__ = ["BadValue", "Growth", "Ratio", "check_value", "numeric_view", "to_decimal"]


def check_value(rule: Rule, value: Any, p: Params) -> Any:
    """The normalised value (bool, id, ids, Decimal, Ratio, Growth) or BadValue."""
    return kind_of(rule).check(rule, value, p)
