"""Scoring: answers + rubric -> Result (points, level, vetoes, flags, and the why of each)."""

from checklist.scoring.engine import score
from checklist.scoring.result import STATUS_LABELS, GroupResult, ItemResult, LevelInfo, Result, Trigger
from checklist.scoring.values import BadValue, check_value

__all__ = [
    "STATUS_LABELS",
    "BadValue",
    "GroupResult",
    "ItemResult",
    "LevelInfo",
    "Result",
    "Trigger",
    "check_value",
    "score",
]
