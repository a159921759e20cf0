"""What every app of ours says in Chinese where Textual would speak English: the command palette
(opened by ctrl+p, never shown in the footer as “^p palette”), the theme picker and ctrl+c."""

from __future__ import annotations

from typing import ClassVar

from textual.app import App
from textual.binding import Binding, BindingType

SAVED = "所有答案都已保存"


class ZhApp(App[None]):
    SAVED: ClassVar[str] = SAVED  # what the quit hint promises was kept
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "退出", priority=True),
        Binding("ctrl+p", "command_palette", "命令", show=False, priority=True),
    ]

    def action_command_palette(self) -> None:
        from textual.command import CommandPalette

        from checklist.tui.dialogs.palette import Palette

        if self.use_command_palette and not CommandPalette.is_open(self):  # type: ignore[arg-type]
            self.push_screen(Palette(id="--command-palette"))

    def action_change_theme(self) -> None:
        from checklist.tui.dialogs.palette import theme_picker

        self.push_screen(theme_picker())

    def action_help_quit(self) -> None:
        """ctrl+c does not quit (it copies in a text box): say how, in Chinese."""
        self.notify(f"退出请按 ctrl+q（{self.SAVED}）", title="退出")
