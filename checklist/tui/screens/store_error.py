"""The store could not be opened: say why in Chinese, leave the file alone, offer a fresh one."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.markup import escape
from textual.screen import Screen
from textual.widgets import Button, Static


class StoreErrorScreen(Screen[bool]):
    """Dismissed with True when the user asks for a fresh store."""

    HELP: ClassVar[str] = (
        "数据文件无法打开。原文件不会被修改或删除；选择“新建数据文件”会把原文件改名保留在原处，"
        "再新建一个空的数据文件。"
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f", "fresh", "新建数据文件"),
        Binding("q", "app.quit", "退出"),
    ]

    def __init__(self, path: Path | None, message: str, *, can_start_fresh: bool = True) -> None:
        super().__init__()
        self.path = path
        self.message = message
        self.can_start_fresh = can_start_fresh

    def compose(self) -> ComposeResult:
        where = f"数据文件：{self.path}" if self.path else ""
        with Vertical(id="store-error", classes="dialog"):
            yield Static("[b $error]无法打开自评数据文件[/]", classes="dialog-title")
            yield Static(escape(self.message), id="why")
            if where:
                yield Static(escape(where))
            yield Static("原文件未作任何改动。已填的答案仍在原文件中，可请技术人员协助恢复。")
            if not self.can_start_fresh:
                yield Static(
                    "这种情况下不提供“新建数据文件”（该文件可能仍然可用，改名会藏起其中的数据）；"
                    "请按上面的说明处理后重新打开。",
                    id="no-fresh",
                )
            with Horizontal(classes="buttons"):
                if self.can_start_fresh:
                    yield Button("新建数据文件（原文件改名保留）(f)", variant="warning", id="fresh")
                yield Button("退出 (q)", id="quit")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """No 新建数据文件 key when the file must not be moved (busy, newer, another program's)."""
        if action == "fresh":
            return self.can_start_fresh
        return True

    @on(Button.Pressed, "#fresh")
    def action_fresh(self) -> None:
        if self.can_start_fresh:
            self.dismiss(True)

    @on(Button.Pressed, "#quit")
    def _quit(self) -> None:
        self.app.exit()
