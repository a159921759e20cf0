"""Points for one answered item, and the sentence that explains them to a secretary."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from checklist.rubric.bounds import rule_max
from checklist.rubric.kinds import kind_of
from checklist.rubric.model import Item
from checklist.rubric.params import Params


def item_points(item: Item, value: Any, p: Params, full: Decimal | None = None) -> tuple[Decimal, str]:
    """(points, why) for a normalised value (see ``values.check_value``); ``full`` is the
    item's full marks when the caller already knows them."""
    if full is None:
        full = rule_max(item.rule, p)
    return kind_of(item.rule).points(item.rule, value, full, p, item.title, item.bonus)
