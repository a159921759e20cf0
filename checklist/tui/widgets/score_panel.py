"""The live panel: total / max, ★ level, vetoes and flags in red, what the next level needs.
It only shows a Result; it never adds anything up."""

from __future__ import annotations

from typing import ClassVar

from textual.markup import escape
from textual.widgets import Static

from checklist.numbers import fmt
from checklist.scoring import Result


def score_markup(result: Result, *, wide: bool = True) -> str:
    bonus = f"（含加分 {fmt(result.bonus)}）" if result.bonus else ""
    stars = result.level.star_text
    lines = [
        f"[b]总分 {fmt(result.total)} / {fmt(result.max)}[/b]{bonus}   "
        f"[b $warning]{stars}[/] {escape(result.level.label)}   {result.progress.text}"
    ]
    lines += [escape(x) for x in result.composition]  # weighted parts, deductions, the floor
    for trigger in (*result.vetoes, *result.flags):
        lines.append(
            f"[b $error]{escape(trigger.kind)} {escape(trigger.label)}：{escape(trigger.reason or trigger.effect)}[/]"
        )
    if result.next_level is not None:
        missing = "；".join(result.next_missing) or "继续填写"
        lines.append(f"距{escape(result.next_level.label)}：{escape(missing)}")
    return "\n".join(lines)


class ScorePanel(Static):
    HELP: ClassVar[str] = (
        "实时得分：每保存一个答案就重新计分。显示总分/满分、星级、一票否决、星级封顶和认定（红色）以及"
        "要评上更高星级还缺什么。"
    )

    def show(self, result: Result) -> None:
        self.update(score_markup(result))
