"""The command palette (ctrl+p) and the theme picker, in Chinese."""

from __future__ import annotations

from typing import Any

from rich.align import Align
from rich.text import Text
from textual.command import CommandList, CommandPalette
from textual.theme import ThemeProvider
from textual.widgets.option_list import Option

NO_MATCH = "没有找到，换个词试试"


class Palette(CommandPalette):
    def __init__(self, *args: Any, placeholder: str = "输入指标名称、编号或操作（如“导出”）…", **kwargs: Any) -> None:
        super().__init__(*args, placeholder=placeholder, **kwargs)

    def _start_no_matches_countdown(self, search_value: str) -> None:
        """Textual's own, with the notice in Chinese."""
        self._stop_no_matches_countdown()

        def show() -> None:
            if search_value:
                self.query_one(CommandList).add_option(
                    Option(Align.center(Text(NO_MATCH, style="not bold")), disabled=True, id=self._NO_MATCHES)
                )
                self._list_visible = True
            else:
                self._list_visible = False

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show)


def theme_picker() -> Palette:
    return Palette(providers=[ThemeProvider], placeholder="选择配色（如 textual-light 为浅色）…")
