"""审核认定 of one item: the village's answer beside a field for the reviewer's (prefilled with
the village's), the reason (审核意见), and each wanted document marked 已核 or 缺. Hands back
what was typed; the screen asks the review session to save it (and shows why if refused)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input, Label, Select, Static

from checklist.tui.dialogs.base import Dialog

MARKS = [("未核", ""), ("已核", "已核"), ("缺", "缺")]


@dataclass(frozen=True)
class Decided:
    text: str
    reason: str
    evidence: dict[str, str]


class DecisionDialog(Dialog[Decided | None]):
    HELP: ClassVar[str] = (
        "审核认定：“审核认定”一栏预先填好村的自评答案，认可则不改；改正时写明审核意见。"
        "是否题填“是”或“否”，选择题填选项名称，多选用顿号分开，占比填“部分数/总数”。"
        "ctrl+s 保存，Esc 取消。"
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "取消"),
        Binding("ctrl+s", "save", "保存"),
    ]

    def __init__(self, title: str, village: str, note: str, guide: str, start: str, reason: str,
                 evidence: list[str], marks: dict[str, str]) -> None:
        super().__init__()
        self.item_title, self.village, self.note, self.guide = title, village, note, guide
        self.start, self.reason, self.evidence, self.marks = start, reason, evidence, marks

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="decision"):
            yield Static(self.item_title, classes="dialog-title", markup=False)
            with VerticalScroll():
                yield Static(f"评分标准：{self.guide}", markup=False)
                yield Static(f"村的自评：{self.village or '未填写'}", id="village-answer", markup=False)
                if self.note:
                    yield Static(f"村的说明：{self.note}", markup=False)
                yield Label("审核认定")
                yield Input(self.start, id="value")
                yield Label("审核意见（改正时必填）")
                yield Input(self.reason, id="reason")
                for n, name in enumerate(self.evidence):
                    yield Label(f"佐证材料：{name}", markup=False)
                    yield Select(MARKS, value=self.marks.get(name, ""), allow_blank=False, id=f"ev-{n}")
            yield Static("", id="decision-error", markup=False)
            with Horizontal(classes="buttons"):
                yield Button("保存 (ctrl+s)", variant="primary", id="save")
                yield Button("取消 (Esc)", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#value", Input).focus()

    def show_error(self, message: str) -> None:
        self.query_one("#decision-error", Static).update(message)

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        marks = {}
        for n, name in enumerate(self.evidence):
            value = self.query_one(f"#ev-{n}", Select).value
            if isinstance(value, str) and value:
                marks[name] = value
        self.dismiss(Decided(self.query_one("#value", Input).value, self.query_one("#reason", Input).value, marks))

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
