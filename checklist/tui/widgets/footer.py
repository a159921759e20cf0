"""The footer, rebuilt only when the keys it shows change.

Textual's Footer removes and mounts every key on each ``refresh_bindings`` (the walk asks on
every move, Textual on every focus change): with a dozen keys that was a large part of an item
move. The keys shown are the same for almost every move, so the rebuild is skipped then."""

from __future__ import annotations

from typing import Any

from textual.screen import Screen
from textual.widgets import Footer as TextualFooter


class Footer(TextualFooter):
    _shown: tuple[Any, ...] | None = None

    def bindings_changed(self, screen: Screen[Any]) -> None:
        if self.is_attached and screen is self.screen and screen.app.app_focus:
            shown = self._keys_shown(screen)
            if self._bindings_ready and shown == self._shown:
                return  # the same keys, the same words: nothing to redraw
            self._shown = shown
        super().bindings_changed(screen)

    def _keys_shown(self, screen: Screen[Any]) -> tuple[Any, ...]:
        """What ``compose`` draws from the active bindings (and the command palette's key)."""
        palette = self.app.COMMAND_PALETTE_BINDING
        return tuple(
            (key, b.action, b.description, b.key_display, b.group, enabled, tooltip, b.show)
            for key, (_node, b, enabled, tooltip) in screen.active_bindings.items()
            if b.show or key == palette
        )
