"""An answer and its evidence in words, as the printed workbook shows them (Chinese)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from checklist.assessment import Answer
from checklist.numbers import fmt
from checklist.rubric.model import (
    Choice,
    Count,
    Deviation,
    Item,
    Judged,
    Multiple,
    Number,
    RequiredList,
    Rubric,
    Share,
    YesNo,
)
from checklist.rubric.params import Params
from checklist.scoring.result import LevelInfo
from checklist.scoring.values import BadValue, Growth, Ratio, check_value

TENTH = Decimal("0.1")


def answer_text(item: Item, answer: Answer | None, status: str, p: Params) -> str:
    if status == "not_relevant":
        return "无需填写"
    if answer is None or not answer.given:
        return "未填写"
    if status == "na":
        return "不适用"
    try:
        value = check_value(item.rule, answer.value, p)
    except BadValue as exc:
        return f"填写有误：{exc}（所填：{_raw(answer.value)}）"
    return value_text(item, value)


def value_text(item: Item, value: Any) -> str:
    rule = item.rule
    match rule:
        case YesNo():
            return "是" if value else "否"
        case Choice():
            return next(o.label for o in rule.options if o.id == value)
        case Multiple():
            chosen = [o.label for o in rule.options if o.id in value]
            return "、".join(chosen) if chosen else "未选任何一项"
        case RequiredList():
            have = [t.label for t in rule.things if t.id in value]
            missing = [t.label for t in rule.things if t.id not in value]
            text = f"已具备：{'、'.join(have)}" if have else "均未具备"
            return text + (f"\n缺：{'、'.join(missing)}" if missing and have else "")
        case Count():
            return f"{fmt(value)}{rule.unit}"
        case Number():
            if isinstance(value, Growth):
                prev = "" if value.previous is None else f"，上年{fmt(value.previous)}{rule.unit}"
                return f"本年{fmt(value.current)}{rule.unit}{prev}"
            return f"{fmt(value)}{rule.unit}"
        case Deviation():
            return f"{fmt(value)}{rule.unit}"
        case Share():
            assert isinstance(value, Ratio)
            pct = fmt(value.percent.quantize(TENTH))
            return (
                f"{rule.part_label}{fmt(value.part)}{rule.unit}，{rule.whole_label}{fmt(value.whole)}{rule.unit}"
                f"（占{pct}%）"
            )
        case Judged():
            return f"评定{fmt(value)}分"
    return _raw(value)


def level_words(rubric: Rubric, level: LevelInfo) -> str:
    """The level as printed: stars and name (★★★ 三星); a pass/fail rubric (one level, such as
    “双整”'s 达标) shows its word alone, 达标 or 不达标, never a star."""
    if len(rubric.levels) <= 1 or not level.stars:
        return level.label
    return f"{level.star_text} {level.label}"


def _raw(value: Any) -> str:
    text = value if isinstance(value, str) else repr(value)
    return text[:200]


def evidence_text(item: Item, answer: Answer | None) -> str:
    """Each wanted document marked ✓ (at hand) or □ (missing), then any others at hand."""
    have = list(answer.evidence) if answer is not None else []
    lines = [("✓ " if want in have else "□ ") + want for want in item.evidence]
    lines += ["✓ " + extra for extra in have if extra not in item.evidence]
    return "\n".join(lines)


def missing_evidence(item: Item, answer: Answer | None) -> list[str]:
    have = set(answer.evidence) if answer is not None else set()
    return [want for want in item.evidence if want not in have]
