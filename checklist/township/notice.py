"""The 公示 (publication) of the proposed star levels, and the 整转 ledger's facts: pure data,
no openpyxl. The period runs a number of working days (Monday to Friday; public holidays are
not known to the tool, so the organiser sets the start and checks the end it prints)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

LOSSES_SHOWN = 3


@dataclass(frozen=True)
class Notice:
    start: date
    days: int = 5
    phone: str = ""
    committee: str = ""  # 乡镇党委 (or 县委组织部) name, as it signs the notice
    dated: date | None = None  # the date under the signature (default: the start)

    @property
    def end(self) -> date:
        return working_days_end(self.start, self.days)


def working_days_end(start: date, days: int) -> date:
    """The last day of a period of ``days`` working days beginning on ``start`` (or the next
    working day when ``start`` is a weekend)."""
    day = start
    while day.weekday() >= 5:
        day += timedelta(days=1)
    left = max(1, days) - 1
    while left:
        day += timedelta(days=1)
        if day.weekday() < 5:
            left -= 1
    return day


def next_working_day(day: date) -> date:
    day += timedelta(days=1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def cn_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def largest_losses(rubric: Any, losses: dict[int, Decimal], limit: int = LOSSES_SHOWN) -> list[tuple[str, Decimal]]:
    """(item title, points lost), largest first, ties in rubric order."""
    items = rubric.items()
    ranked = sorted(losses.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
    return [(items[pos].title, lost) for pos, lost in ranked]
