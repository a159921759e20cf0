"""The review block: 审核人, 审核日期 and 总体意见, saved together when confirmed."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label

from checklist.tui.dialogs.base import Dialog


class ReviewBlockDialog(Dialog[dict[str, str] | None]):
    HELP: ClassVar[str] = "填写审核人、审核日期（如 2026-12-05）和总体意见；ctrl+s 保存，Esc 取消。"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "取消"),
        Binding("ctrl+s", "save", "保存"),
    ]

    def __init__(self, reviewer: str, date: str, opinion: str) -> None:
        super().__init__()
        self.values = {"reviewer": reviewer, "date": date, "opinion": opinion}

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="review-block"):
            for key, label in (("reviewer", "审核人"), ("date", "审核日期"), ("opinion", "总体意见")):
                yield Label(label)
                yield Input(self.values[key], id=key)
            with Horizontal(classes="buttons"):
                yield Button("保存 (ctrl+s)", variant="primary", id="save")
                yield Button("取消 (Esc)", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#reviewer", Input).focus()

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        self.dismiss({k: self.query_one(f"#{k}", Input).value for k in self.values})

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
