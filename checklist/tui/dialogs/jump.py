"""Jump to an item by typing part of its title, text or id."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from checklist.tui.dialogs.base import Dialog

LIMIT = 200


class JumpDialog(Dialog[str | None]):
    HELP: ClassVar[str] = "输入指标名称、内容中的字词或编号，↑↓ 选择，回车跳转，Esc 取消。"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "取消"),
        Binding("down", "down", show=False),
        Binding("up", "up", show=False),
    ]

    def __init__(self, catalogue: list[tuple[str, str, str]]) -> None:
        super().__init__()
        self.catalogue = catalogue

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="jump"):
            yield Label("查找指标（名称、内容或编号）", classes="dialog-title")
            yield Input(placeholder="如：集体经济 或 income", id="query")
            yield OptionList(id="hits")

    def on_mount(self) -> None:
        self.fill("")

    def fill(self, query: str) -> None:
        q = query.strip().lower()
        hits = self.query_one("#hits", OptionList)
        hits.clear_options()
        found = [  # the id still finds an item, but the list speaks Chinese
            Option(f"第 {n} 项  {title}", id=item_id)
            for n, (item_id, title, text) in enumerate(self.catalogue, start=1)
            if not q or q in item_id.lower() or q in title.lower() or q in text.lower()
        ]
        hits.add_options(found[:LIMIT])
        if len(found) > LIMIT:
            hits.add_option(Option(f"另有 {len(found) - LIMIT} 项未列出，请再多输入几个字", disabled=True))
        if found:
            hits.highlighted = 0
        else:
            hits.add_option(Option("没有找到符合的指标，请换个字词", disabled=True))

    @on(Input.Changed, "#query")
    def _typed(self, event: Input.Changed) -> None:
        self.fill(event.value)

    @on(Input.Submitted, "#query")
    def _go(self, event: Input.Submitted) -> None:
        hits = self.query_one("#hits", OptionList)
        if hits.highlighted is not None and not hits.get_option_at_index(hits.highlighted).disabled:
            self.dismiss(hits.get_option_at_index(hits.highlighted).id)

    @on(OptionList.OptionSelected, "#hits")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_down(self) -> None:
        self.query_one("#hits", OptionList).action_cursor_down()

    def action_up(self) -> None:
        self.query_one("#hits", OptionList).action_cursor_up()

    def action_cancel(self) -> None:
        self.dismiss(None)
