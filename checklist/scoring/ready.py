"""Whether an assessment can be marked 定稿: every item to answer is answered and valid."""

from __future__ import annotations

from checklist.scoring.result import ItemResult, Result

# Statuses that keep a draft from being final: not filled in, filled in wrongly, or waiting on
# another answer to know whether it applies.
OPEN_STATUSES = frozenset({"unanswered", "invalid", "pending"})


def open_items(result: Result) -> list[ItemResult]:
    """The items still to fill in or to correct, in rubric order."""
    return [i for i in result.items if i.status in OPEN_STATUSES]
