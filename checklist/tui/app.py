"""The Textual app. ``checklist`` with no subcommand runs ``run()``.

Start-up imports only Textual and the store; rubrics, scoring and the walk are imported
when a draft is opened (openpyxl never at start)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen

if TYPE_CHECKING:
    from checklist.store import Store


class ChecklistApp(App[None]):
    CSS_PATH = "checklist.tcss"
    TITLE = "村党组织星级评定自评"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]  # noqa: RUF012
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "退出", priority=True),
        Binding("f1,question_mark", "help", "帮助", key_display="F1"),
        Binding("ctrl+p", "command_palette", "命令", show=False, priority=True),
    ]

    def __init__(self, store_path: Path | str | None = None, *, today: date | None = None) -> None:
        super().__init__()
        self.store_path = Path(store_path) if store_path is not None else None
        self.today = today or date.today()
        self.store: Store | None = None

    def on_mount(self) -> None:
        self.open_store()

    def open_store(self) -> None:
        from checklist.store import Store, StoreError
        from checklist.tui.screens.home import HomeScreen

        try:
            self.store = Store.open(self.store_path)
        except StoreError as exc:
            from checklist.tui.screens.store_error import StoreErrorScreen

            path = exc.path or self.store_path
            self.push_screen(
                StoreErrorScreen(path, str(exc), can_start_fresh=exc.can_start_fresh or path is not None),
                self.fresh,
            )
            return
        self.push_screen(HomeScreen(self.store))

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
        yield SystemCommand("切换主题（配色）", "更换界面配色", self.action_change_theme)
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
