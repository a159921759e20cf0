"""An answer and its evidence in words, as the printed workbook shows them (Chinese)."""

from __future__ import annotations

from typing import Any

from checklist.assessment import Answer
from checklist.rubric.kinds import kind_of
from checklist.rubric.model import Item, Rubric
from checklist.scoring.result import LevelInfo


def value_text(item: Item, value: Any) -> str:
    """A normalised value in words (each kind says its own)."""
    return kind_of(item.rule).words(item.rule, value)


def level_words(rubric: Rubric, level: LevelInfo) -> str:
    """The level as printed: stars and name (★★★ 三星); a pass/fail rubric (one level, such as
    “双整”'s 达标) shows its word alone, 达标 or 不达标, never a star."""
    if len(rubric.levels) <= 1 or not level.stars:
        return level.label
    return f"{level.star_text} {level.label}"


def evidence_text(item: Item, answer: Answer | None) -> str:
    """Each wanted document marked ✓ (at hand) or □ (missing), then any others at hand."""
    have = list(answer.evidence) if answer is not None else []
    lines = [("✓ " if want in have else "□ ") + want for want in item.evidence]
    lines += ["✓ " + extra for extra in have if extra not in item.evidence]
    return "\n".join(lines)


def missing_evidence(item: Item, answer: Answer | None) -> list[str]:
    have = set(answer.evidence) if answer is not None else set()
    return [want for want in item.evidence if want not in have]
