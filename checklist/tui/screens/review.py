"""Review: sections with bars, the level and why, gaps (largest loss first, with the guide),
unanswered items. Enter on any row goes back to the walk at that item."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.markup import escape
from textual.screen import Screen
from textual.widgets import DataTable, Label, Static

from checklist.numbers import fmt
from checklist.scoring import ItemResult, Result
from checklist.scoring.ready import OPEN_STATUSES
from checklist.tui.session import Session
from checklist.tui.widgets.footer import Footer
from checklist.tui.widgets.wrapped import Wrapped

BAR = 12


def bar(percent: float) -> Text:
    filled = max(0, min(BAR, round(percent * BAR / 100)))
    text = Text("█" * filled, style="green" if percent >= 80 else ("yellow" if percent >= 60 else "red"))
    text.append("░" * (BAR - filled), style="dim")
    return text


def answered_gaps(result: Result) -> list[ItemResult]:
    """Answered items that lost points, largest loss first (unanswered ones are listed apart)."""
    return [i for i in result.gaps() if i.status not in OPEN_STATUSES]


def level_markup(result: Result) -> str:
    lines = [
        f"[b]总分 {fmt(result.total)} / {fmt(result.max)}[/b]   "
        f"[b $warning]{result.level.star_text}[/] [b]{escape(result.level.label)}[/b]"
        f"   {result.progress.text}"
    ]
    lines += [escape(r) for r in result.level_reasons]
    lines += [escape(f"{g.title}：{g.note}") for g in result.sections if g.note]
    lines += [escape(result.bonus_note)] if result.bonus_note else []
    for trigger in (*result.vetoes, *result.flags):
        lines.append(
            f"[b $error]{escape(trigger.kind)} {escape(trigger.label)}：{escape(trigger.reason or trigger.effect)}[/]"
        )
    if result.next_level is not None:
        lines.append(f"距{escape(result.next_level.label)}：{escape('；'.join(result.next_missing) or '继续填写')}")
    return "\n".join(lines)


class ReviewScreen(Screen[str | None]):
    HELP: ClassVar[str] = (
        "审视得分：各板块得分与比例、星级及原因、失分项（按失分从多到少，附评分标准）和未填项。"
        "在任一行按回车可跳回填报该指标；按 e 导出 Excel 自评表；Esc 返回。"
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "back", "返回填报", key_display="esc"),
        Binding("e,ctrl+e", "export", "导出", key_display="e"),
        Binding("j", "down", show=False),
        Binding("k", "up", show=False),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        s, r = self.session, self.session.result
        with VerticalScroll(id="review"):
            yield Static(level_markup(r), id="level")
            yield Label("各板块", classes="caption")
            sections: DataTable[str | Text] = DataTable(id="sections", cursor_type="row", zebra_stripes=True)
            yield sections
            gaps = answered_gaps(r)
            yield Label(f"失分项（{len(gaps)}）：从失分最多的改起", classes="caption")
            yield DataTable(id="gaps", cursor_type="row")
            yield Wrapped("", id="guide")  # the highlighted row whole: the table cuts long ones
            invalid = f"，其中有误{r.progress.invalid}项" if r.progress.invalid else ""
            yield Label(f"未填写（{r.progress.unanswered}{invalid}）", classes="caption")
            yield DataTable(id="unanswered", cursor_type="row")
            if s.orphans:
                yield Label("细则已变更，这些答案对应的指标已不存在（答案仍保留）", classes="caption")
                yield Static("、".join(s.orphans), id="orphans", markup=False)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        s, r = self.session, self.session.result
        sections = self.query_one("#sections", DataTable)
        sections.add_columns("板块", "已填", "得分", "满分", "比例", "")
        by_id = {sec.id: sec for sec in s.rubric.sections}
        for g in r.sections:
            items = by_id[g.id].items
            key = items[0].id if items else None
            if not g.max:  # a section of bonus items only: what it counts, after the cap
                cells: tuple[str | Text, ...] = (f"+{fmt(g.bonus)}", "加分", "", "")
            else:
                cells = (fmt(g.points), fmt(g.max), f"{fmt(g.percent)}%", bar(float(g.percent)))
            sections.add_row(g.title, g.progress.short, *cells, key=key)
        gaps = self.query_one("#gaps", DataTable)
        gaps.add_columns("失分", "指标", "原因")
        for i in answered_gaps(r):
            gaps.add_row(Text(f"-{fmt(i.lost)}", style="red"), i.title, i.why, key=i.id)
        unanswered = self.query_one("#unanswered", DataTable)
        unanswered.add_columns("板块", "指标", "原因")
        titles = {sec.id: sec.title for sec in s.rubric.sections}
        for i in r.items:
            if i.status in ("unanswered", "invalid"):  # the progress record's 未填写 and 有误 (待定 waits for its gate)
                unanswered.add_row(titles.get(i.section, i.section), i.title, i.why, key=i.id)
        target = gaps if gaps.row_count else sections
        target.focus()
        lost = answered_gaps(r)
        self.show_guide(lost[0].id if lost else None)

    def show_guide(self, item_id: str | None) -> None:
        guide = self.query_one("#guide", Static)
        if item_id is None or item_id not in self.session.index:
            guide.update("")
            return
        item, got = self.session.item(item_id), self.session.result.item(item_id)
        guide.update(
            f"[b]指标[/b]  {escape(got.title)}\n[b]原因[/b]  {escape(got.why)}\n"
            f"[b]评分标准[/b]  {escape(self.session.render(item.guide or '（无）'))}"
        )

    @on(DataTable.RowHighlighted, "#gaps, #unanswered")
    def _gap(self, event: DataTable.RowHighlighted) -> None:
        if event.data_table.has_focus:  # not the tables' first highlights while mounting
            self.show_guide(event.row_key.value)

    @on(DataTable.RowSelected)
    def _go(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value:
            self.dismiss(event.row_key.value)

    def action_back(self) -> None:
        self.dismiss(None)

    def action_export(self) -> None:
        from checklist.tui.dialogs.export import ExportRequested, job_for

        self.post_message(ExportRequested(job_for(self.session)))

    def action_down(self) -> None:
        if isinstance(self.focused, DataTable):
            self.focused.action_cursor_down()

    def action_up(self) -> None:
        if isinstance(self.focused, DataTable):
            self.focused.action_cursor_up()
