"""审核 (the township's review of one village workbook): every item with the village's answer and
score beside the reviewed ones; Enter opens the item's 审核认定, o the review block, e writes the
reviewed workbook. Scores come from the review session (``apply_review``): none computed here."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Static

from checklist.linebreak import wrap
from checklist.numbers import fmt
from checklist.tui.widgets.footer import Footer

if TYPE_CHECKING:
    from checklist.review.session import ReviewSession
    from checklist.tui.dialogs.decision import Decided


COLUMNS = ("序号", "指标", "村的自评", "自评得分", "审核得分", "审核意见")
FIXED = {0: 4, 3: 8, 4: 8}  # 序号 and the two scores: as wide as their headings
SHARES = {1: 3, 2: 4, 5: 3}  # the three texts share what is left, and wrap inside it
PADDING = 2  # each cell's padding, left and right


def column_widths(width: int) -> list[int]:
    """Widths of the six columns so that all of them fit ``width`` cells (80×24 included)."""
    left = max(3 * 6, width - sum(FIXED.values()) - PADDING * len(COLUMNS))
    total = sum(SHARES.values())
    widths = [FIXED.get(n, 0) for n in range(len(COLUMNS))]
    for n, share in SHARES.items():
        widths[n] = left * share // total
    widths[2] += left - sum(widths[n] for n in SHARES)  # the village's answer gets the rounding
    return widths


def cell(text: str, width: int, style: str) -> Text:
    """The text broken by the Chinese rules into lines of ``width`` cells (the row grows)."""
    return Text("\n".join(wrap(text, width)) if text else "", style=style)


class TownshipReviewScreen(Screen[None]):
    HELP: ClassVar[str] = (
        "审核：逐项对照村的自评答案和佐证材料。回车打开该项的审核认定（认可或改正答案、写审核意见、核验佐证材料）；"
        "o 填写审核人、日期和总体意见；e 写出审核表；Esc 返回。每项审核认定保存即存入数据文件。"
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "decide", "审核认定", key_display="回车"),
        Binding("o,ctrl+o", "block", "审核人与总体意见", key_display="o"),
        Binding("e,ctrl+e", "write", "写出审核表", key_display="e"),
        Binding("escape", "back", "返回"),
        Binding("j", "down", show=False),
        Binding("k", "up", show=False),
    ]

    def __init__(self, session: ReviewSession, output: Path) -> None:
        super().__init__()
        self.session = session
        self.output = output
        self.order = [item.id for item in session.loaded.rubric.items()]
        self._widths: list[int] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="township-review"):
            yield Static("", id="review-head", markup=False)
            yield DataTable[Text](id="review-items", cursor_type="row", zebra_stripes=True)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        if self.session.stale:
            self.notify(
                "此前对这个文件的审核所依据的自评表已被改动（审核已失效），现按改动后的自评表重新审核。",
                severity="warning",
                timeout=10,
            )
        self.refresh_rows()
        self.query_one("#review-items", DataTable).focus()

    def refresh_rows(self) -> None:
        reviewed = self.session.reviewed()
        mine, theirs = reviewed.self_result, reviewed.result
        a = reviewed.assessment
        draft = "（草稿，未定稿）" if a.finalized is None else ""
        head = (
            f"{a.year or ''}年度 {a.township}{a.village}{draft}　自评 {fmt(mine.total)} 分（{mine.level.label}）"
            f"　审核 {fmt(theirs.total)} 分（{theirs.level.label}）　改正 {len(reviewed.changes)} 项"
            f"　审核人：{reviewed.review.reviewer or '未填'}"
        )
        self.query_one("#review-head", Static).update(head)
        table = self.query_one("#review-items", DataTable)
        row = table.cursor_row
        widths = self._widths = column_widths(self.table_width())
        table.clear(columns=True)
        for name, width in zip(COLUMNS, widths, strict=True):
            table.add_column(name, width=width)
        changed = reviewed.changed
        for n, item_id in enumerate(self.order, start=1):
            was, now = mine.item(item_id), theirs.item(item_id)
            cells = (
                str(n), was.title, self.session.village_text(item_id),
                fmt(was.points), fmt(now.points), changed.get(item_id, ""),
            )
            style = "bold yellow" if item_id in changed else ""
            table.add_row(*(cell(c, w, style) for c, w in zip(cells, widths, strict=True)), key=item_id, height=None)
        if 0 <= row < len(self.order):
            table.move_cursor(row=row)

    def table_width(self) -> int:
        """Cells the table has for its columns: the screen's width less the scroll bar."""
        return (self.size.width or self.app.size.width) - 2

    def on_resize(self) -> None:
        if self._widths and column_widths(self.table_width()) != self._widths:
            self.refresh_rows()

    def current(self) -> str | None:
        table = self.query_one("#review-items", DataTable)
        return self.order[table.cursor_row] if 0 <= table.cursor_row < len(self.order) else None

    def action_down(self) -> None:
        self.query_one("#review-items", DataTable).action_cursor_down()

    def action_up(self) -> None:
        self.query_one("#review-items", DataTable).action_cursor_up()

    @on(DataTable.RowSelected, "#review-items")
    def _selected(self) -> None:
        self.action_decide()

    def action_decide(self) -> None:
        from checklist.tui.dialogs.decision import DecisionDialog

        item_id = self.current()
        if item_id is None:
            return
        s = self.session
        item = s.loaded.rubric.item_index()[item_id][1]
        review = s.review()
        decision = review.decision(item_id)
        answer = s.back.assessment.answer(item_id)
        start = s.field_text(item_id)
        if decision is not None and decision.corrects:
            start = "不适用" if decision.na else decision_text(s, item_id, decision.value)
        dialog = DecisionDialog(
            item.title,
            s.village_text(item_id),
            answer.note if answer else "",
            item.guide,
            start,
            decision.reason if decision else "",
            list(item.evidence),
            dict(decision.evidence) if decision else {},
        )

        def done(got: Decided | None) -> None:
            if got is None:
                return
            why = s.decide(item_id, got.text, got.reason, got.evidence)
            if why is not None:
                self.notify(f"没有保存：{why}", severity="error", timeout=10)
                return
            self.refresh_rows()

        self.app.push_screen(dialog, done)

    def action_block(self) -> None:
        from checklist.tui.dialogs.review_block import ReviewBlockDialog

        review = self.session.review()

        def done(got: dict[str, str] | None) -> None:
            if got is None:
                return
            for name, value in got.items():
                self.session.set_field(name, value)
            self.refresh_rows()

        self.app.push_screen(ReviewBlockDialog(review.reviewer, review.date, review.opinion), done)

    def action_write(self) -> None:
        from checklist.errors import UserError

        try:
            written = self.session.write(self.output, force=True)
        except (UserError, OSError) as exc:
            self.notify(f"没有写出审核表：{exc}", severity="error", timeout=10)
            return
        self.notify(f"已写出审核表：{written}", timeout=10)

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 1:
            self.app.pop_screen()
        else:
            self.app.exit()


def decision_text(session: ReviewSession, item_id: str, value: object) -> str:
    from checklist.review.text import value_to_text

    item = session.loaded.rubric.item_index()[item_id][1]
    return value_to_text(item, value, session.params)
