"""Checks on how the total is made: deduction sections (积分制), weighted parts, the total's
floor, and answers taken from another rubric. Findings carry paths, as in ``checks``."""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Set as AbstractSet
from decimal import Decimal

from checklist.numbers import fmt
from checklist.quotes import q
from checklist.rubric.bounds import rule_max
from checklist.rubric.model import Count, Rubric, Section
from checklist.rubric.params import Params
from checklist.rubric.yamlread import Path

Finding = tuple[Path, str, bool]
ZERO = Decimal(0)


def base_max(rubric: Rubric, p: Params, section_max: Callable[[Section], Decimal]) -> Decimal:
    """The total's full marks before bonus: the parts' weights, or the counted sections' sum."""
    if rubric.parts:
        return sum((p(part.weight) for part in rubric.parts), ZERO)
    return sum((section_max(s) for s in rubric.sections if not s.deduction), ZERO)


def rubric_max(rubric: Rubric, p: Params) -> Decimal:
    """The total's full marks before bonus, from the rules (``checklist validate`` says it)."""

    def section_max(s: Section) -> Decimal:
        total = sum((rule_max(i.rule, p) for i in s.items if not i.bonus), ZERO)
        return min(total, p(s.cap)) if s.cap is not None else total

    return base_max(rubric, p, section_max)


def structure_problems(rubric: Rubric, removed: AbstractSet[str], out: list[Finding]) -> None:
    titles = {s.id: s for s in rubric.sections}
    for si, deducting in enumerate(rubric.sections):
        if not deducting.deduction:
            continue
        for ii, item in enumerate(deducting.items):
            if item.bonus:
                path: Path = ("sections", si, "items", ii, "bonus")
                out.append((path, f"扣分板块{q(deducting.title)}中的指标不能是加分项：本板块的失分从总分中扣除", False))
    owner: dict[str, str] = {}
    for pi, part in enumerate(rubric.parts):
        for k, sid in enumerate(part.sections):
            path = ("parts", pi, "sections", k)
            section = titles.get(sid)
            if section is None and sid in removed:
                continue  # reported broken already
            if section is None:
                listing = "、".join(titles)
                out.append((path, f"部分{q(part.label)}引用了不存在的板块“{sid}”，可用：{listing}", False))
            elif section.deduction:
                out.append((path, f"扣分板块{q(section.title)}从总分中扣分，不能计入部分{q(part.label)}", False))
            elif sid in owner:
                out.append((path, f"板块{q(section.title)}已计入部分{q(owner[sid])}，一个板块只能属于一个部分", False))
            else:
                owner[sid] = part.label
    if rubric.parts:
        for si, section in enumerate(rubric.sections):
            counted = any(not i.bonus for i in section.items)
            if counted and not section.deduction and section.id not in owner:
                message = f"板块{q(section.title)}不属于任何部分（parts），其得分无法计入总分"
                out.append((("sections", si, "id"), message, False))
    for si, section in enumerate(rubric.sections):
        for ii, item in enumerate(section.items):
            if item.take is None:
                continue
            path = ("sections", si, "items", ii, "take")
            if not isinstance(item.rule, Count):
                message = "只有计次（count）指标能取用另一份细则的结果（未得满分的指标项数）"
                out.append((path, message, True))
            if item.take.rubric == rubric.id:
                out.append(((*path, "rubric"), "不能取用本细则自己的结果", False))


def number_problems(rubric: Rubric, p: Params, section_max: Callable[[Section], Decimal], out: list[Finding]) -> None:
    titles = {s.id: s for s in rubric.sections}
    for pi, part in enumerate(rubric.parts):
        weight = p(part.weight)
        if weight <= 0:
            out.append((("parts", pi, "weight"), f"部分{q(part.label)}的权重须大于 0（现为 {fmt(weight)}）", False))
        known = [titles[s] for s in part.sections if s in titles and not titles[s].deduction]
        if known and sum((section_max(s) for s in known), ZERO) == 0:
            message = f"部分{q(part.label)}所含板块满分为 0，无法折算"
            out.append((("parts", pi, "sections"), message, False))
    floor = p(rubric.total_floor)
    full = base_max(rubric, p, section_max)
    if floor < 0:
        out.append((("total_floor",), f"总分最低分不能为负数（现为 {fmt(floor)}）", False))
    elif full > 0 and floor >= full:
        out.append((("total_floor",), f"总分最低分 {fmt(floor)} 分不低于满分 {fmt(full)} 分，总分永远是它", False))
