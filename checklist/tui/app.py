"""The Textual app. ``checklist`` with no subcommand runs ``run()``.

Start-up imports only Textual and the store; rubrics, scoring and the walk are imported
when a draft is opened (openpyxl never at start)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import work
from textual.app import SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen

from checklist.tui.zh_app import ZhApp

if TYPE_CHECKING:
    from checklist.store import Store, StoreError
    from checklist.tui.dialogs.export import ExportFinished, ExportJob, ExportRequested


class ChecklistApp(ZhApp):
    CSS_PATH = "checklist.tcss"
    TITLE = "村党组织星级评定自评"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]  # noqa: RUF012
    BINDINGS: ClassVar[list[BindingType]] = [Binding("f1,question_mark", "help", "帮助", key_display="F1")]

    def __init__(self, store_path: Path | str | None = None, *, today: date | None = None) -> None:
        super().__init__()
        self.store_path = Path(store_path) if store_path is not None else None
        self.today = today or date.today()
        self.store: Store | None = None
        self._store_error: StoreError | None = None

    def get_default_screen(self) -> Screen[Any]:
        """The home screen is the first screen (no blank one before it) when the store opens;
        otherwise a blank one, under the screen that says why (see on_mount)."""
        from checklist.store import Store, StoreError

        try:
            self.store = Store.open(self.store_path)
        except StoreError as exc:
            self._store_error = exc
            return super().get_default_screen()
        from checklist.tui.screens.home import HomeScreen

        return HomeScreen(self.store)

    def on_mount(self) -> None:
        from checklist.tui import web_mode

        web_mode.attach(self)
        exc = self._store_error
        if exc is None:
            return
        from checklist.tui.screens.store_error import StoreErrorScreen

        path = exc.path or self.store_path
        self.push_screen(StoreErrorScreen(path, str(exc), can_start_fresh=exc.can_start_fresh), self.fresh)

    def fresh(self, wanted: bool | None) -> None:
        from checklist.store import Store, StoreError, default_store_path

        if not wanted:
            return
        path = self.store_path or default_store_path()
        try:
            self.store = Store.start_fresh(path)
        except StoreError as exc:
            from checklist.tui.screens.store_error import StoreErrorScreen

            self.push_screen(StoreErrorScreen(path, f"无法新建数据文件：{exc}", can_start_fresh=False), self.fresh)
            return
        from checklist.tui.screens.home import HomeScreen

        self.push_screen(HomeScreen(self.store))
        self.notify(f"已新建数据文件，原文件已改名保留在 {path.parent}", title="已新建")

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """Every action of the screen shown, then the app's."""
        from checklist.tui.keys import WALK

        for command in WALK:
            name = command.action.split("(")[0]
            method = getattr(screen, f"action_{name}", None)
            if not callable(method) or screen.check_action(name, ()) is False:
                continue
            keys = f"{command.shown} 或 {command.safe_shown}" if command.key else command.safe_shown

            async def run(action: str = command.action) -> None:
                await self.run_action(action, screen)

            yield SystemCommand(command.label, f"按键：{keys}", run)
        yield SystemCommand("切换主题（配色）", "更换界面配色，浅色主题适合白天和投影", self.action_change_theme)
        yield SystemCommand("帮助", "当前部分的说明和全部按键", self.action_help)
        yield SystemCommand("退出", "退出（所有答案都已保存）", self.action_quit)

    def action_help(self) -> None:
        from checklist.tui.dialogs.help import HelpDialog

        if isinstance(self.screen, HelpDialog):
            return
        topic = ""
        node = self.focused
        while node is not None:
            text = getattr(type(node), "HELP", "")
            if text:
                topic = text
                break
            node = node.parent  # type: ignore[assignment]
        if not topic:
            topic = getattr(type(self.screen), "HELP", "")
        self.push_screen(HelpDialog(topic))

    # --- export ---------------------------------------------------------------------------------

    def on_export_requested(self, event: ExportRequested) -> None:
        """A screen's request (the walk's or the review's ``e``)."""
        event.stop()
        self.export(event.job)

    def export(self, job: ExportJob, suggested: Path | None = None) -> None:
        """Ask where (ExportDialog), ask 覆盖？ when that file exists, then write in a thread."""
        from checklist.numbers import fmt
        from checklist.tui.dialogs.confirm import ConfirmDialog
        from checklist.tui.dialogs.export import ExportDialog

        a, r = job.assessment, job.result
        summary = f"{a.village}  总分 {fmt(r.total)} / {fmt(r.max)}  {r.level.star_text} {r.level.label}".strip()

        def chosen(path: Path | None) -> None:
            if path is None:
                return
            if not path.exists():
                self.write_export(job, path, force=False)
                return

            def overwrite(yes: bool | None) -> None:
                if yes:
                    self.write_export(job, path, force=True)
                else:  # keep the old file; ask again so another name can be given
                    self.export(job, path)

            self.push_screen(
                ConfirmDialog(f"文件已存在：\n{path}\n\n覆盖？原文件将被新导出的自评表替换。", yes="覆盖 (y)", no="不覆盖 (n)"),
                overwrite,
            )

        self.push_screen(ExportDialog(suggested or job.default_path(), summary), chosen)

    @work(thread=True, group="export")
    def write_export(self, job: ExportJob, path: Path, *, force: bool) -> None:
        """The worker: the pure writer, then a message. It never touches a widget."""
        from checklist.tui.dialogs.export import ExportFinished, export_error

        try:
            from checklist.report import write_report

            written = write_report(job.rubric, job.sha256, job.assessment, job.result, path, force=force)
        except Exception as exc:
            self.post_message(ExportFinished(path, None, export_error(exc, path), job))
            return
        self.post_message(ExportFinished(path, written, None, job))

    def on_export_finished(self, event: ExportFinished) -> None:
        """The worker's message (handled here, on the UI thread)."""
        if event.error is not None:
            self.notify(event.error, title="导出失败", severity="error", timeout=15)
            return
        from checklist.numbers import fmt
        from checklist.tui import web_mode

        r = event.job.result
        web_mode.deliver(self, event.written)
        self.notify(
            f"已导出：{event.written}\n总分 {fmt(r.total)} / {fmt(r.max)}，{r.level.label}",
            title="导出成功",
            timeout=15,
        )

    async def action_quit(self) -> None:
        from checklist.tui.screens.walk import WalkScreen

        for screen in self.screen_stack:
            if isinstance(screen, WalkScreen):
                screen.leave()
        self.exit()

    def on_unmount(self) -> None:
        if self.store is not None:
            self.store.close()


def run(store_path: Path | str | None = None) -> None:
    ChecklistApp(store_path).run()
