"""The plain-text score table that ``checklist score`` prints (Chinese, aligned for CJK)."""

from __future__ import annotations

from checklist.assessment import Assessment
from checklist.cjk import pad
from checklist.numbers import fmt
from checklist.quotes import q
from checklist.rubric.model import Rubric
from checklist.scoring.result import STATUS_LABELS, Result, bonus_heading, deduction_heading


def notices(rubric: Rubric, assessment: Assessment, result: Result) -> list[str]:
    """What was not counted and why: answers to items the rubric lacks, invalid answers, judged
    scores without their reason (注意：…). ``score --strict`` fails when there is any."""
    known = rubric.item_index()
    unknown = [k for k in assessment.answers if k not in known]
    lines = [f"注意：{len(unknown)} 项答案在评分细则中没有对应指标，未计分：{'、'.join(unknown)}"] if unknown else []
    lines += [f"注意：[{i.id}] {i.title}：{i.why}，未计分" for i in result.items if i.status == "invalid"]
    return lines


def score_table(rubric: Rubric, assessment: Assessment, result: Result) -> str:
    who = " ".join(
        x for x in (assessment.township, assessment.village, f"{assessment.year}年度" if assessment.year else "") if x
    )
    lines = [f"{rubric.title}（{rubric.version}）", who] if who else [f"{rubric.title}（{rubric.version}）"]
    lines.append("")
    lines.append(f"{pad('板块', 30)}{pad('得分', 8, True)}{pad('满分', 8, True)}{pad('得分率', 10, True)}")
    for s in result.sections:
        if s.deduction:  # 积分制: what it takes off the total, of the most it can
            lines.append(f"{pad(deduction_heading(s.title), 30)}{pad('−' + fmt(s.points), 8, True)}{pad(fmt(s.max), 8, True)}")
            continue
        if not s.max:  # a section of bonus items only
            lines.append(f"{pad(bonus_heading(s.title), 30)}{pad('+' + fmt(s.bonus), 8, True)}")
            continue
        lines.append(
            f"{pad(s.title, 30)}{pad(fmt(s.points), 8, True)}{pad(fmt(s.max), 8, True)}{pad(fmt(s.percent) + '%', 10, True)}"
        )
    lines += [f"  注：{s.title}：{s.note}" for s in result.sections if s.note]
    if result.bonus_note:
        lines.append(f"  注：{result.bonus_note}")
    lines.append("")
    bonus = f"（含加分 {fmt(result.bonus)} 分）" if result.bonus else ""
    lines.append(f"总分：{fmt(result.total)} / {fmt(result.max)}{bonus}")
    lines += [f"  · {c}" for c in result.composition]
    if result.max_achievable != result.max:
        lines.append(f"因不适用项，可得最高分：{fmt(result.max_achievable)}")
    lines.append(f"星级：{result.level.star_text} {result.level.label}")
    lines += [f"  · {r}" for r in result.level_reasons]
    for v in result.vetoes:
        lines.append(f"{v.kind}：{q(v.label)}（{v.reason}），{v.effect}")
    for f in result.flags:
        lines.append(f"认定：{f.label}（{f.reason}），{f.effect}")
    if result.next_level is not None and result.next_missing:
        lines.append(f"距{result.next_level.label}还差：")
        lines += [f"  · {m}" for m in result.next_missing]
    lines.append(result.progress.text)
    gaps = result.gaps()
    if gaps:
        lines.append("")
        lines.append("失分项（按失分从多到少）：")
        for g in gaps:
            why = "" if g.why == STATUS_LABELS[g.status] else f"：{g.why}"
            lines.append(f"  {pad(g.title, 28)} 失{pad(fmt(g.lost), 4, True)}分  {STATUS_LABELS[g.status]}{why}")
    attention = notices(rubric, assessment, result)
    return "\n".join([*lines, "", *attention] if attention else lines)
