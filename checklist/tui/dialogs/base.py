"""What every dialog shares: its own keys at the bottom of the screen."""

from __future__ import annotations

from typing import TypeVar

from textual.screen import ModalScreen

from checklist.tui.widgets.footer import Footer

ResultT = TypeVar("ResultT")


class Dialog(ModalScreen[ResultT]):
    """A dialog shows the keys that work in it, over the footer of the screen beneath, whose keys
    do nothing (or only type letters into the dialog's fields) while it is open."""

    def on_mount(self) -> None:  # Textual calls each class's handler: the dialogs' own run too
        self.mount(Footer(compact=True))
