"""From item results to a section's total and the counted bonus: raw points, the 折算 factor, the
section cap, the bonus cap, progress, and the Chinese note that says how each was counted.

Every screen and sheet shows these as they are; none adds items up or re-scales on its own."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from decimal import Decimal

from checklist.numbers import fmt, round_points
from checklist.progress import Progress, State
from checklist.scoring.result import GroupResult, ItemResult

ZERO, ONE, HUNDRED = Decimal(0), Decimal(1), Decimal(100)
LEFT_OUT = {"na": "不适用", "not_relevant": "无需填写"}  # statuses a section's reachable marks leave out


def section_total(
    section_id: str,
    title: str,
    results: Sequence[ItemResult],
    states: Sequence[State],
    policy: str,
    cap: Decimal | None,
) -> GroupResult:
    """``points`` = round(min(raw × scale, max)); a pending item (待定) still counts in full marks."""
    full = reachable = raw = bonus_raw = ZERO
    for r in results:  # one pass: this runs for every section after every keypress
        if r.bonus:
            bonus_raw += r.points
            continue
        full += r.max
        if r.status not in LEFT_OUT:
            reachable += r.max
            raw += r.points
    top = min(full, cap) if cap is not None else full
    notes: list[str] = []
    if policy == "rescale" and reachable != full:
        # Scale what was applicable up to the section's full marks (0 if nothing applied).
        scale = full / reachable if reachable else ZERO
        achievable = full if reachable else ZERO
        left = "、".join(dict.fromkeys(LEFT_OUT[r.status] for r in results if not r.bonus and r.status in LEFT_OUT))
        if reachable:
            shown = round_points(raw * scale)
            notes.append(f"含{left}项，按比例折算：{fmt(raw)} ÷ {fmt(reachable)} × {fmt(full)} = {fmt(shown)}")
        else:
            notes.append(f"本板块指标均为{left}，计0分")
    else:
        scale, achievable = ONE, reachable
    scaled = raw * scale
    if top < full:  # the section's cap (上限) is below its items' full marks
        notes.append(f"板块得分上限{fmt(top)}分" + (f"，按{fmt(top)}分计" if scaled > top else ""))
    points = round_points(min(scaled, top))
    percent = round_points(points * HUNDRED / top) if top else ZERO
    return GroupResult(
        id=section_id,
        title=title,
        points=points,
        max=top,
        percent=percent,
        max_achievable=min(achievable, top),
        bonus=bonus_raw,
        items=len(results),
        raw=raw,
        scale=scale,
        note="；".join(notes),
        bonus_raw=bonus_raw,
        progress=Progress.of(states),
    )


def cap_bonus(sections: list[GroupResult], cap: Decimal | None) -> tuple[list[GroupResult], Decimal, Decimal, str]:
    """The bonus cap over the whole rubric: sections keep their bonus in rubric order until the
    cap is used up, so the sections' counted bonus adds up to the total's. Returns the sections,
    the bonus before and after the cap, and the note saying the cap was applied."""
    raw = sum((s.bonus_raw for s in sections), ZERO)
    if cap is None or raw <= cap:
        return sections, raw, raw, ""
    left, out = cap, []
    several = sum(1 for s in sections if s.bonus_raw) > 1  # else the total's note says it all
    for s in sections:
        share = min(s.bonus_raw, max(left, ZERO))
        left -= share
        note = s.note
        if several and share != s.bonus_raw:
            note = "；".join(x for x in (note, f"加分{fmt(s.bonus_raw)}分，受加分上限所限计{fmt(share)}分") if x)
        out.append(s if share is s.bonus and note == s.note else replace(s, bonus=share, note=note))
    return out, raw, cap, f"加分项合计{fmt(raw)}分，超过上限{fmt(cap)}分，按{fmt(cap)}分计入总分"
