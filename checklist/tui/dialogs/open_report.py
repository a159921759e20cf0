"""打开村级自评表审核: which village workbook (自评表 or 审核表) to review, and where the reviewed
workbook goes. Hands back both paths; the home screen opens the 审核 screen on them."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Static

from checklist.tui.dialogs.base import Dialog


class OpenReportDialog(Dialog[tuple[Path, Path] | None]):
    HELP: ClassVar[str] = "填写村交来的自评表（.xlsx）的位置；审核表默认写在它旁边。回车或 ctrl+s 打开，Esc 取消。"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "取消"),
        Binding("ctrl+s", "open", "打开"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="open-report"):
            yield Static("打开村级自评表审核", classes="dialog-title")
            yield Label("村的自评表（.xlsx）")
            yield Input(id="report")
            yield Label("审核表写到（可不填）")
            yield Input(id="output")
            yield Static("", id="open-error", markup=False)
            with Horizontal(classes="buttons"):
                yield Button("打开", variant="primary", id="open")
                yield Button("取消 (Esc)", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#report", Input).focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#open")
    def action_open(self) -> None:
        text = self.query_one("#report", Input).value.strip().strip('"')
        report = Path(text).expanduser()
        if not text or not report.is_file():
            self.query_one("#open-error", Static).update(f"找不到文件：{text or '（未填写）'}")
            return
        out = self.query_one("#output", Input).value.strip().strip('"')
        self.dismiss((report, Path(out).expanduser() if out else report.with_name(report.stem + "-审核.xlsx")))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
