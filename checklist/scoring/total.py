"""How the total is made: the base (the sections' sum, or weighted parts), the capped bonus,
the deductions taken off the total (积分制) and the total's floor. The engine hands over its
sections; this module adds nothing to them and says in one sentence how the total came out."""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

from checklist.numbers import fmt, round_points
from checklist.progress import Progress
from checklist.rubric.bounds import ZERO
from checklist.rubric.model import Rubric, Section
from checklist.rubric.params import Params
from checklist.scoring.result import GroupResult, ItemResult, PartResult

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Composition:
    base: Decimal
    max: Decimal
    max_achievable: Decimal
    deductions: Decimal
    floor: Decimal
    total: Decimal
    parts: tuple[PartResult, ...]
    lines: tuple[str, ...]


def as_deduction(result: ItemResult) -> ItemResult:
    """An item of a deduction section: scored by its rule as any other, and what it loses is
    taken off the total; its ``why`` says how much."""
    if result.status in ("full", "partial", "zero"):
        lost = result.max - result.points
        said = f"从总分中扣{fmt(lost)}分" if lost else "不扣分"
        return replace(result, deduction=True, why=lambda: f"{result.why}；{said}")
    return replace(result, deduction=True, why=lambda: result.why)  # replace() would read it now


def deduction_group(section: Section, results: list[ItemResult], p: Params, progress: Progress) -> GroupResult:
    """A deduction section: ``points`` is what it takes off the total (capped), ``max`` the most."""
    raw = sum((r.lost for r in results), ZERO)
    top = sum((r.max for r in results if r.status not in ("na", "not_relevant")), ZERO)
    cap = p.opt(section.cap)
    if cap is not None:
        raw, top = min(raw, cap), min(top, cap)
    return GroupResult(
        id=section.id,
        title=section.title,
        points=round_points(raw),
        max=top,
        percent=ZERO,
        items=len(results),
        deduction=True,
        progress=progress,
    )


def compose(rubric: Rubric, p: Params, sections: list[GroupResult], bonus: Decimal) -> Composition:
    counted = [s for s in sections if not s.deduction]
    deductions = round_points(sum((s.points for s in sections if s.deduction), ZERO))
    parts: list[PartResult] = []
    if rubric.parts:
        by_id = {s.id: s for s in counted}
        achievable = ZERO
        for part in rubric.parts:
            groups = [by_id[i] for i in part.sections]
            points = sum((g.points for g in groups), ZERO)
            top = sum((g.max for g in groups), ZERO)
            weight = p(part.weight)
            weighted = round_points(points * weight / top) if top else ZERO
            percent = round_points(points * HUNDRED / top) if top else ZERO
            parts.append(PartResult(part.id, part.label, weight, points, top, percent, weighted))
            if top:
                achievable += sum((g.max_achievable for g in groups), ZERO) * weight / top
        base = sum((x.weighted for x in parts), ZERO)
        full = sum((x.weight for x in parts), ZERO)
        reachable = round_points(achievable)
    else:
        base = round_points(sum((s.points for s in counted), ZERO))
        full = sum((s.max for s in counted), ZERO)
        reachable = sum((s.max_achievable for s in counted), ZERO)
    floor = p(rubric.total_floor)
    raw = base + bonus - deductions
    total = round_points(max(raw, floor))
    lines = _lines(parts, base, bonus, deductions, raw, floor, total) if parts or deductions else ()
    return Composition(base, full, reachable, deductions, floor, total, tuple(parts), lines)


def _lines(
    parts: list[PartResult],
    base: Decimal,
    bonus: Decimal,
    deductions: Decimal,
    raw: Decimal,
    floor: Decimal,
    total: Decimal,
) -> tuple[str, ...]:
    out = [
        f"{x.label}：得分{fmt(x.points)}分（满分{fmt(x.max)}分，得分率{fmt(x.percent)}%），"
        f"按权重{fmt(x.weight)}分折合{fmt(x.weighted)}分"
        for x in parts
    ]
    terms = [f"{x.label}{fmt(x.weighted)}分" for x in parts] if parts else [f"基础得分{fmt(base)}分"]
    sums = " + ".join(terms)
    if bonus:
        sums += f" + 加分{fmt(bonus)}分"
    if deductions:
        sums += f" − 扣分{fmt(deductions)}分"
    if raw < floor:
        below = fmt(round_points(raw)).replace("-", "−")  # the minus sign, as in “− 扣分”
        out.append(f"总分 = {sums} = {below}分，低于最低分{fmt(floor)}分，按{fmt(total)}分计")
    else:
        out.append(f"总分 = {sums} = {fmt(total)}分")
    return tuple(out)
