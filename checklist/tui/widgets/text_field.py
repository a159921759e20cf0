"""A text box in the walk: never selects its text on focus (one keystroke would replace a
written note), and offers the walk's commands on their ctrl/F keys, since every printable key
types here."""

from __future__ import annotations

from typing import Any, ClassVar

from textual.binding import BindingType
from textual.widgets import Input

from checklist.tui.keys import text_field_bindings


class TextField(Input):
    BINDINGS: ClassVar[list[BindingType]] = text_field_bindings()  # type: ignore[assignment]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("select_on_focus", False)
        kwargs.setdefault("compact", True)
        super().__init__(*args, **kwargs)
