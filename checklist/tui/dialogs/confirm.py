"""A yes/no question (shown literally: it may hold a file path with [ or ])."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from checklist.tui.dialogs.base import Dialog


class ConfirmDialog(Dialog[bool]):
    HELP: ClassVar[str] = "请确认：按 y 或点第一个按钮表示同意；按 n、Esc 或点第二个按钮表示不同意。"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,n", "answer(False)", "取消"),
        Binding("y", "answer(True)", "确定"),
    ]

    def __init__(self, question: str, yes: str = "确定", no: str = "取消") -> None:
        super().__init__()
        self.question, self.yes, self.no = question, yes, no

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="confirm"):
            yield Static(self.question, id="question", markup=False)
            with Horizontal(classes="buttons"):
                yield Button(self.yes, variant="primary", id="yes")
                yield Button(self.no, id="no")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()  # Enter pressed once too often does not say yes

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
