"""Dates and times in the words of a government form (2026年11月26日 14:05).

A time is shown in the zone it was written in (a village's +08:00 stays +08:00 on a machine set
to another zone): the offset is kept with the value and never converted.
"""

from __future__ import annotations

from datetime import date, datetime


def zh_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def zh_time(moment: datetime) -> str:
    """Date and hour:minute as written; a naive time is shown as it is."""
    return f"{zh_date(moment)} {moment.hour:02d}:{moment.minute:02d}"
