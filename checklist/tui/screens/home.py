"""Home: continue a draft, or start a new assessment."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Button, DataTable, Label, Static

from checklist.tui.widgets.footer import Footer

if TYPE_CHECKING:
    from checklist.store import DraftInfo, Store
    from checklist.tui.dialogs.new_assessment import NewAssessment


def when(moment: datetime | None) -> str:
    return "" if moment is None else moment.strftime("%Y-%m-%d %H:%M")  # as stored, in its own offset


class ProgressReady(Message):
    """The worker's answer: each draft's rubric title, 已填 (its Result's progress record), total, level."""

    def __init__(self, texts: dict[int, tuple[str, ...]]) -> None:
        super().__init__()
        self.texts = texts


class HomeScreen(Screen[None]):
    HELP: ClassVar[str] = (
        "首页：列表中是已有的自评（草稿），↑↓ 选择后回车继续填报；按 n 新建自评。"
        "所有答案随填随存，下次打开从这里继续。乡镇审核：按 a 打开村交来的自评表，或按 v 直接审核所选的自评（草稿也可）。"
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n,ctrl+n", "new", "新建自评", key_display="n"),
        Binding("a", "review", "打开村级自评表审核"),
        Binding("v", "review_draft", "审核此自评"),
        Binding("c", "carry", "沿用上年"),
        Binding("enter", "open", "继续填报", show=False),
        Binding("j", "down", show=False),
        Binding("k", "up", show=False),
        Binding("q", "app.quit", "退出", show=False),
    ]

    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store
        self.drafts: list[DraftInfo] = []
        self._stale = False  # another screen was on top: the list may have changed

    def compose(self) -> ComposeResult:
        with Vertical(id="home"):
            yield Static("[b]村党组织星级评定 · 自评填报[/b]", id="home-title")
            yield Label("继续填报（↑↓ 选择，回车打开）", classes="caption", id="drafts-caption")
            yield DataTable[Text](id="drafts", cursor_type="row", zebra_stripes=True)
            yield Static("还没有自评。按 n 或点“新建自评”开始。", id="empty")
            with Horizontal(classes="buttons"):
                yield Button("新建自评 (n)", variant="primary", id="new-draft")
                yield Button("继续填报 (回车)", id="open-draft")
                yield Button("沿用上年 (c)", id="carry-draft")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        table = self.query_one("#drafts", DataTable)
        self._columns = table.add_columns("村", "乡镇", "年度", "评分细则", "已填", "总分", "星级", "更新时间")
        self.reload()

    def on_screen_suspend(self) -> None:
        self._stale = True

    def on_screen_resume(self) -> None:
        if self.is_mounted and self._stale:  # (the first showing: on_mount has just loaded it)
            self._stale = False
            self.reload()

    def reload(self) -> None:
        try:
            self.drafts = self.store.drafts()
        except Exception as exc:
            self.notify(f"读取草稿列表失败：{exc}", severity="error")
            self.drafts = []
        table = self.query_one("#drafts", DataTable)
        table.clear()
        for d in self.drafts:  # Text, not str: names are shown as typed, never read as markup
            cells = (
                d.village, d.township, str(d.year or ""), d.rubric_id,
                "…", "…", "…", when(d.updated),  # the rest comes from scoring, off the start-up path (score_drafts)
            )
            table.add_row(*(Text(c) for c in cells), key=str(d.id))
        if self.drafts:
            self.score_drafts(list(self.drafts))
        has = bool(self.drafts)
        table.display = has
        self.query_one("#drafts-caption").display = has
        self.query_one("#empty").display = not has
        self.query_one("#open-draft", Button).display = has
        self.query_one("#carry-draft", Button).display = has
        self.set_focus(table if has else self.query_one("#new-draft", Button))  # now: painted once, focused

    @work(thread=True, exclusive=True, group="progress")
    def score_drafts(self, drafts: list[DraftInfo]) -> None:
        """Scores each draft (the engine loads here, after the list is painted); never touches a widget."""
        from checklist.numbers import fmt
        from checklist.store.summary import scored_drafts

        rows: dict[int, tuple[str, ...]] = {}
        try:
            scored = scored_drafts(self.store, drafts)
        except Exception as exc:  # a worker's error would end the app: the list stays, the scores say “—”
            self.app.call_from_thread(self.notify, f"读取各自评的得分失败：{exc}", severity="error", timeout=10)
            scored = [(d, "—", "") for d in drafts]
        for d, r, title in scored:
            name = title or d.rubric_id
            if isinstance(r, str):
                rows[d.id] = (name, "—", "—", "—")
            else:
                rows[d.id] = (name, r.progress.short, f"{fmt(r.total)}/{fmt(r.max)}", r.level.label)
        self.post_message(ProgressReady(rows))

    def on_progress_ready(self, message: ProgressReady) -> None:
        """Each draft's rubric by its title, its 已填, total and level, as the core scored them."""
        table = self.query_one("#drafts", DataTable)
        _, _, _, rubric, progress, total, level, _ = self._columns
        for draft_id, texts in message.texts.items():
            if str(draft_id) in table.rows:
                for column, text in zip((rubric, progress, total, level), texts, strict=True):
                    table.update_cell(str(draft_id), column, Text(text), update_width=True)

    # --- actions ------------------------------------------------------------------------------

    @on(Button.Pressed, "#carry-draft")
    def action_carry(self) -> None:
        """沿用上年: a new draft for the next year from the highlighted one, each answer 待确认,
        once the secretary confirms it."""
        from checklist.carry import carry_draft

        table = self.query_one("#drafts", DataTable)
        if not self.drafts or not 0 <= table.cursor_row < len(self.drafts):
            self.notify("请先在列表中选中上年的自评，再按 c 沿用上年。", severity="warning")
            return
        source = self.drafts[table.cursor_row]
        year = (source.year or 0) + 1 if source.year else None
        if year is None:
            self.notify("选中的自评没有填写年度，无法沿用到下一年。", severity="warning")
            return
        from checklist.tui.dialogs.confirm import ConfirmDialog

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            try:
                number, carried = carry_draft(self.store, source.id, year)
            except Exception as exc:
                self.notify(f"沿用上年失败：{exc}", severity="error", timeout=10)
                return
            self.notify(f"已新建 {year} 年度自评（编号 {number}）。{carried.summary()}", title="沿用上年", timeout=15)
            self.reload()

        # a new draft is a lasting change: one key pressed by mistake must not make one
        question = (
            f"以{source.village}{source.year}年度的自评为底稿，新建{year}年度的自评？\n"
            "答案逐项沿用，标为“待确认”；上年的自评不会改动。"
        )
        self.app.push_screen(ConfirmDialog(question, yes="新建 (y)", no="取消 (n)"), answered)

    def action_down(self) -> None:
        self.query_one("#drafts", DataTable).action_cursor_down()

    def action_up(self) -> None:
        self.query_one("#drafts", DataTable).action_cursor_up()

    @on(DataTable.RowSelected, "#drafts")
    def _row(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value:
            self.open_draft(int(event.row_key.value))

    @on(Button.Pressed, "#open-draft")
    def action_open(self) -> None:
        table = self.query_one("#drafts", DataTable)
        if not self.drafts or table.cursor_row < 0:
            return
        self.open_draft(self.drafts[table.cursor_row].id)

    @on(Button.Pressed, "#new-draft")
    def action_new(self) -> None:
        from checklist.rubric.shipped import shipped_paths
        from checklist.tui.dialogs.new_assessment import NewAssessmentDialog

        year = getattr(self.app, "today", datetime.now()).year
        self.app.push_screen(NewAssessmentDialog(shipped_paths(), year=year), self.created)

    def action_review(self) -> None:
        from checklist.tui.dialogs.open_report import OpenReportDialog

        self.app.push_screen(OpenReportDialog(), self.review_chosen)

    def action_review_draft(self) -> None:
        """The 审核 screen on the selected draft as it stands (no export needed); the reviewed
        workbook goes where exports go (reports/)."""
        table = self.query_one("#drafts", DataTable)
        if not self.drafts or table.cursor_row < 0:
            self.notify("还没有可审核的自评。", severity="warning")
            return
        from checklist.errors import UserError
        from checklist.review.session import ReviewSession
        from checklist.tui.screens.township_review import TownshipReviewScreen
        from checklist.xlsx.names import safe_file_name

        d = self.drafts[table.cursor_row]
        try:
            session = ReviewSession.open_draft(self.store, d.id, None)
            if not session.review().date:
                session.set_field("date", getattr(self.app, "today", datetime.now()).isoformat()[:10])
        except (UserError, OSError) as exc:
            self.notify(f"无法打开审核：{exc}", severity="error", timeout=10)
            return
        output = Path("reports").resolve() / safe_file_name(f"{d.year or ''}-{d.township}-{d.village}-审核")
        try:
            output.parent.mkdir(parents=True, exist_ok=True)  # the default folder only, as exports do
        except OSError as exc:
            self.notify(f"无法创建文件夹 {output.parent}：{exc}", severity="error", timeout=10)
            return
        self.app.push_screen(TownshipReviewScreen(session, output))

    def review_chosen(self, chosen: tuple[Path, Path] | None) -> None:
        """The 审核 screen on the chosen workbook (the rubric it names, or a refusal said in Chinese)."""
        if chosen is None:
            return
        from checklist.errors import UserError
        from checklist.report.read import RefusedReport
        from checklist.review.read import read_reviewed
        from checklist.review.session import ReviewSession
        from checklist.rubric import RubricError, load_rubric
        from checklist.rubric.shipped import find_shipped
        from checklist.tui.screens.township_review import TownshipReviewScreen

        report, output = chosen
        try:
            back = read_reviewed(report).back
            loaded = load_rubric(find_shipped(back.rubric_id) or back.rubric_id)
            if not back.checksum_ok:
                raise RefusedReport("自评表“数据”工作表的校验和不符，导出后被改动过，不能审核")
            session = ReviewSession.open(self.store, report, loaded, back, None)
            if not session.review().date:
                session.set_field("date", getattr(self.app, "today", datetime.now()).isoformat()[:10])
        except (RefusedReport, RubricError, UserError, OSError) as exc:
            self.notify(f"无法打开审核：{exc}", severity="error", timeout=10)
            return
        self.app.push_screen(TownshipReviewScreen(session, output))

    def created(self, new: NewAssessment | None) -> None:
        if new is None:
            return
        try:
            draft_id = self.store.create(
                new.loaded,
                profile=new.profile,
                village=new.village,
                township=new.township,
                year=new.year,
                assessor=new.assessor,
            )
        except Exception as exc:
            self.notify(f"无法新建自评：{exc}", severity="error", timeout=10)
            return
        self.reload()
        self.open_draft(draft_id)

    def open_draft(self, draft_id: int, start: str | None = None) -> None:
        from checklist.tui.screens.walk import WalkScreen
        from checklist.tui.session import DraftUnreadable, Session

        try:
            session = Session.open(self.store, draft_id)
        except DraftUnreadable as exc:
            self.notify(str(exc), title="无法打开", severity="error", timeout=10)
            return
        except Exception as exc:
            self.notify(f"无法打开该自评：{exc}", title="无法打开", severity="error", timeout=10)
            return
        self.app.push_screen(WalkScreen(session, start=start))
