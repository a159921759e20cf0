"""Points for one answered item, and the sentence that explains them to a secretary."""

from __future__ import annotations

import math
from decimal import Decimal, localcontext
from typing import Any

from checklist.numbers import fmt
from checklist.quotes import q
from checklist.rubric.bounds import ZERO, rule_max
from checklist.rubric.model import (
    Band,
    Choice,
    Count,
    Deviation,
    Item,
    Judged,
    Multiple,
    Number,
    PerUnit,
    RequiredList,
    Share,
    YesNo,
)
from checklist.rubric.params import Params
from checklist.scoring.values import Growth


def item_points(item: Item, value: Any, p: Params, full: Decimal | None = None) -> tuple[Decimal, str]:
    """(points, why) for a normalised value (see ``values.check_value``); ``full`` is the
    item's full marks when the caller already knows them."""
    rule = item.rule
    if full is None:
        full = rule_max(rule, p)
    match rule:
        case YesNo():
            word = "是" if value else "否"
            if full == 0:
                return ZERO, f"{word}（信息项，不计分）"
            if value != rule.negative:
                return full, f"{word}，得{fmt(full)}分"
            return ZERO, f"{word}，不得分（{'否' if rule.negative else '是'}可得{fmt(full)}分）"
        case Choice():
            option = next(o for o in rule.options if o.id == value)
            got = p(option.points)
            if full == 0:
                return ZERO, f"选择{q(option.label)}（信息项，不计分）"
            why = f"选择{q(option.label)}，得{fmt(got)}分"
            if got < full:
                best = max(rule.options, key=lambda o: p(o.points))
                why += f"；选择{q(best.label)}可得{fmt(full)}分"
            return got, why
        case Multiple():
            chosen = [o for o in rule.options if o.id in value]
            raw = sum((p(o.points) for o in chosen), ZERO)
            got = min(raw, full)
            names = "、".join(q(o.label) for o in chosen) or "未选任何一项"
            capped = f"（超过上限，按{fmt(full)}分计）" if raw > full else ""
            return got, f"{names}，得{fmt(got)}分{capped}"
        case RequiredList():
            missing = [t for t in rule.things if t.id not in value]
            if not missing:
                return full, f"{len(rule.things)}项齐全，得{fmt(full)}分"
            lost = p(rule.deduct) * len(missing)
            got = max(ZERO, full - lost)
            floor = "，扣完为止" if lost > full else ""
            names = "、".join(t.label for t in missing)
            return got, f"缺{len(missing)}项（{names}），每缺一项扣{fmt(p(rule.deduct))}分{floor}，得{fmt(got)}分"
        case Count():
            return _count(rule, value, full, p, item.bonus)
        case Number():
            return _number(item, rule, value, full, p)
        case Deviation():
            return _deviation(rule, value, full, p, rule.unit)
        case Share():
            pct = value.percent
            shown = f"{rule.part_label}{fmt(value.part)}{rule.unit}/{rule.whole_label}{fmt(value.whole)}{rule.unit} = {_pct(pct)}"
            if rule.deviation is not None:
                return _deviation(rule.deviation, pct, full, p, "%", shown)
            got, why = _banded(rule.bands, rule.otherwise, pct, "%", p)
            return got, f"{shown}，{why}"
        case Judged():
            return value, f"评定{fmt(value)}分（可评{fmt(p(rule.min))}–{fmt(full)}分）"
    raise TypeError(rule)


def _pct(value: Decimal) -> str:
    with localcontext(prec=64):  # a growth rate over a tiny last-year value can be ~1e31 %
        return fmt(value.quantize(Decimal("0.1"))) + "%"


def _count(rule: Count, n: Decimal, full: Decimal, p: Params, bonus: bool) -> tuple[Decimal, str]:
    per = p(rule.per)
    if rule.mode == "add":
        raw = per * n
        got = min(raw, full)
        capped = f"，超过上限按{fmt(full)}分计" if raw > full else ""
        return got, f"{fmt(n)}{rule.unit}，每{rule.unit}{rule.verb(bonus)}{fmt(per)}分{capped}，得{fmt(got)}分"
    if n == 0:
        return full, f"未发现，得满分{fmt(full)}分"
    lost = per * n
    limit = p(rule.cap) if rule.cap is not None else full
    taken = min(lost, limit, full)
    got = full - taken
    note = ""
    if lost > taken:  # 扣完为止 when the item is wiped out; otherwise the deduction cap bit
        note = "，扣完为止" if taken == full else f"，最多扣{fmt(taken)}分"
    return got, f"发现{fmt(n)}{rule.unit}，每{rule.unit}扣{fmt(per)}分{note}，扣{fmt(taken)}分，得{fmt(got)}分"


def _number(item: Item, rule: Number, value: Any, full: Decimal, p: Params) -> tuple[Decimal, str]:
    current = value.current if isinstance(value, Growth) else value
    got, why = _banded(rule.bands, rule.otherwise, current, rule.unit, p)
    why = f"{item.title} {fmt(current)}{rule.unit} {why}"
    if rule.growth is not None and isinstance(value, Growth) and value.previous:
        rate = (current - value.previous) * 100 / value.previous
        needed = p(rule.growth.rate)
        bonus = p(rule.growth.points)
        floor = p.opt(rule.growth.min)
        if floor is not None and current < floor:
            if bonus > got and rate >= needed:
                why += f"；比上年增长{_pct(rate)}，但本年未达到{fmt(floor)}{rule.unit}，增幅不计分"
            return got, why
        if rate >= needed and bonus > got:
            return bonus, f"{item.title}比上年增长{_pct(rate)}（不低于{fmt(needed)}%），得{fmt(bonus)}分"
        why += f"；比上年增长{_pct(rate)}，增长达到{fmt(needed)}%可得{fmt(bonus)}分" if bonus > got else ""
    return got, why


def _banded(bands: list[Band], otherwise: Decimal | str, value: Decimal, unit: str, p: Params) -> tuple[Decimal, str]:
    """Bands are checked best first; the sentence says what the next band up would need."""
    upward = bands[0].min is not None
    sign = "≥" if upward else "≤"
    for i, band in enumerate(bands):
        bound = p(band.min if upward else band.max)  # type: ignore[arg-type]
        if (value >= bound) if upward else (value <= bound):
            got = p(band.points)
            why = f"{sign} {fmt(bound)}{unit}，得{fmt(got)}分"
            if i > 0:
                better = bands[i - 1]
                target = p(better.min if upward else better.max)  # type: ignore[arg-type]
                why += f"；{'达到' if upward else '降到'}{fmt(target)}{unit}可得{fmt(p(better.points))}分"
            return got, why
    last = bands[-1]
    bound = p(last.min if upward else last.max)  # type: ignore[arg-type]
    got = p(otherwise)
    word = "未达到" if upward else "高于"
    return (
        got,
        f"{word}{fmt(bound)}{unit}，得{fmt(got)}分；{'达到' if upward else '降到'}{fmt(bound)}{unit}可得{fmt(p(last.points))}分",
    )


def _deviation(
    rule: PerUnit, value: Decimal, full: Decimal, p: Params, unit: str, shown: str | None = None
) -> tuple[Decimal, str]:
    """The one per-unit deduction: a measured value (平均年龄每超过1岁) or a share (每降低一个百分点)."""
    base, step, per = p(rule.baseline), p(rule.step), p(rule.per)
    over = value - base if rule.direction == "above" else base - value
    word = "超过" if rule.direction == "above" else "低于"
    shown = shown if shown is not None else f"{fmt(value)}{unit}"
    if over <= 0:
        return full, f"{shown}，未{word}{fmt(base)}{unit}，得{fmt(full)}分"
    units = over / step
    if rule.partial == "floor":
        units = Decimal(math.floor(units))
    elif rule.partial == "ceil":
        units = Decimal(math.ceil(units))
    lost = units * per
    limit = min(p(rule.cap), full) if rule.cap is not None else full
    taken = min(lost, limit)
    got = full - taken
    capped = f"（最多扣{fmt(limit)}分）" if lost > taken else ""
    gap = fmt(over) if unit != "%" else _pct(over).rstrip("%")
    step_word = f"{fmt(step)}个百分点" if unit == "%" else f"{fmt(step)}{unit}"
    gap_word = f"{gap}个百分点" if unit == "%" else f"{gap}{unit}"
    return got, (
        f"{shown}，{word}{fmt(base)}{unit} {gap_word}，"
        f"每{step_word}扣{fmt(per)}分，扣{fmt(taken)}分{capped}，得{fmt(got)}分"
    )
