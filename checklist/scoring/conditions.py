"""Structured conditions: whether one holds, and how to say it in Chinese."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from checklist.numbers import fmt
from checklist.quotes import q
from checklist.rubric.kinds import kind_of
from checklist.rubric.model import Condition, Rubric
from checklist.rubric.params import Params
from checklist.scoring.values import numeric_view


@dataclass
class Facts:
    """What conditions can look at: normalised values of relevant, answered items; N/A marks;
    whether an item got full marks; which items are still open; section percentages once
    sections are scored, and which sections still have open items."""

    values: Mapping[str, Any]
    na: Mapping[str, bool]
    full: Callable[[str], bool]
    open: Callable[[str], bool]
    section_percent: Mapping[str, Decimal]
    section_open: Mapping[str, bool]
    # results once known (total, zero_items, then stars), and whether every item is answered
    results: dict[str, Decimal] = field(default_factory=dict)
    complete: bool = False


def holds(c: Condition, facts: Facts, p: Params) -> bool:
    """True only when the answers given show it. A test on an item not yet answered is
    unknown, and stays unknown through ``not``: a blank draft is never 软弱涣散 or vetoed
    because of what has not been filled in yet."""
    return truth(c, facts, p) is True


def truth(c: Condition, facts: Facts, p: Params) -> bool | None:
    """Kleene three-valued logic: True, False, or None for not known yet."""
    if c.all_ is not None or c.any_ is not None:
        parts = [truth(s, facts, p) for s in (c.all_ or c.any_ or [])]
        decisive = c.any_ is not None  # any: one True decides; all: one False decides
        if decisive in parts:
            return decisive
        return None if None in parts else not decisive
    if c.not_ is not None:
        inner = truth(c.not_, facts, p)
        return None if inner is None else not inner
    if c.result is not None:
        return _result_truth(c, facts, p)
    if c.section is not None:
        # A section's percentage only rises as open items get answered (an unanswered item
        # counts 0; N/A re-scales upwards), so reaching the bar is known early, missing it is not.
        percent = facts.section_percent.get(c.section)
        reached = percent is not None and c.percent_at_least is not None and percent >= p(c.percent_at_least)
        return True if reached else (None if facts.section_open.get(c.section, True) else False)
    item = c.item or ""
    if c.answered is not None:
        return (item in facts.values or facts.na.get(item, False)) == c.answered
    if facts.open(item):
        return None
    if c.full is not None:
        return facts.full(item) == c.full
    if item not in facts.values:
        return False  # N/A or not relevant: known, and not this
    value = facts.values[item]
    if c.equals is not None:
        return bool(value == c.equals and type(value) is type(c.equals))
    if c.in_ is not None:
        return value in c.in_
    if c.contains is not None:
        return isinstance(value, list) and c.contains in value
    number = numeric_view(value)
    if number is None:
        return False
    if c.at_least is not None:
        return number >= p(c.at_least)
    if c.at_most is not None:
        return number <= p(c.at_most)
    return False


def _result_truth(c: Condition, facts: Facts, p: Params) -> bool | None:
    """The total and the count of zero items only grow as open items are answered (an open item
    counts 0 points and is not a zero item), so reaching a floor is known early; being at or
    under a ceiling, and the level, only once nothing is open."""
    value = facts.results.get(c.result or "")
    if value is None:
        return None
    if c.at_least is not None:
        reached = value >= p(c.at_least)
        return True if reached and c.result != "stars" else (reached if facts.complete else None)
    if c.at_most is not None:
        return (value <= p(c.at_most)) if facts.complete else None
    return None


_RESULT_NAMES = {"total": ("总分", "分"), "zero_items": ("得0分的指标", "项"), "stars": ("星级", "星")}


def describe(c: Condition, rubric: Rubric, p: Params, negated: bool = False) -> str:
    """“扫黑除恶”为“是”, in plain words; ``negated`` says the opposite without “并非”."""
    if c.all_ is not None or c.any_ is not None:
        parts = [describe(s, rubric, p, negated) for s in (c.all_ or c.any_ or [])]
        # De Morgan: not (a and b) reads as "not a, or not b".
        joiner = "且" if (c.all_ is not None) != negated else "或"
        return joiner.join(parts)
    if c.not_ is not None:
        return describe(c.not_, rubric, p, not negated)
    if c.result is not None:
        name, unit = _RESULT_NAMES[c.result]
        if c.at_least is not None:
            return f"{name}{'低于' if negated else '不低于'}{fmt(p(c.at_least))}{unit}"
        return f"{name}{'高于' if negated else '不高于'}{fmt(p(c.at_most))}{unit}"  # type: ignore[arg-type]
    if c.section is not None:
        title = next((s.title for s in rubric.sections if s.id == c.section), c.section)
        word = "低于" if negated else "不低于"
        return f"{q(title)}得分率{word}{fmt(p(c.percent_at_least))}%"  # type: ignore[arg-type]
    found = rubric.item_index().get(c.item or "")
    if found is None:
        return q(c.item or "")
    item = found[1]
    kind = kind_of(item.rule)
    name = q(item.title)
    labels = kind.labels(item.rule)
    unit = kind.compared_unit(item.rule)
    if c.answered is not None:
        return f"{name}{'已' if c.answered != negated else '未'}填写"
    if c.full is not None:
        return f"{name}{'得满分' if c.full != negated else '未得满分'}"
    choose = "未选择" if negated else "选择"
    if c.equals is not None:
        if isinstance(c.equals, bool):
            return f"{name}为“{'是' if c.equals != negated else '否'}”"
        return f"{name}{choose}{q(str(labels.get(c.equals, c.equals)))}"
    if c.in_ is not None:
        return f"{name}{choose}" + "或".join(q(labels.get(o, o)) for o in c.in_)
    if c.contains is not None:
        return f"{name}{'不包含' if negated else '包含'}{q(labels.get(c.contains, c.contains))}"
    if c.at_least is not None:
        return f"{name}{'低于' if negated else '不低于'}{fmt(p(c.at_least))}{unit}"
    if c.at_most is not None:
        return f"{name}{'高于' if negated else '不高于'}{fmt(p(c.at_most))}{unit}"
    return name
