"""Ticks and options that differ by shape, not only by colour (the light theme and old
screens hide colour): ☑ ☐ for ticks, ● ○ for a choice of one."""

from __future__ import annotations

from typing import ClassVar, cast

from rich.segment import Segment
from textual.content import Content
from textual.css.styles import RulesMap
from textual.geometry import Size
from textual.strip import Strip
from textual.visual import Visual
from textual.widgets import Checkbox, RadioButton, SelectionList
from textual.widgets._option_list import Option, OptionList
from textual.widgets._toggle_button import ToggleButton

from checklist.tui.widgets.wrapped import Broken

TICKED, UNTICKED = "☑", "☐"
PICKED, UNPICKED = "●", "○"


class _Wrapping(ToggleButton):
    """A long label wraps beside its mark (by the Chinese rules) instead of being cut."""

    def render(self) -> Visual:  # type: ignore[override]  # a Visual, not just a Content
        return Broken(super().render(), hang=len(self._button.plain) + 1)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return self._render().get_height(cast("RulesMap", self.styles), width)


class Tick(Checkbox, _Wrapping):
    MARKS: ClassVar[tuple[str, str]] = (TICKED, UNTICKED)

    @property
    def _button(self) -> Content:
        mark = self.MARKS[0] if self.value else self.MARKS[1]
        return Content.assemble((f" {mark} ", self.get_visual_style("toggle--button")))


class Radio(RadioButton, _Wrapping):
    def on_radio_button_changed(self, event: RadioButton.Changed) -> None:
        """A change from before the button was set again (its answer widget re-loaded for another
        item) goes no further: the RadioSet would press the button back on."""
        if event.value != self.value:
            event.stop()

    @property
    def _button(self) -> Content:
        mark = PICKED if self.value else UNPICKED
        return Content.assemble((f" {mark} ", self.get_visual_style("toggle--button")))


class TickList(SelectionList[str]):
    """A SelectionList whose boxes are ☑/☐ (the gutter keeps its width of four cells) and whose
    long lines wrap beside the box by the Chinese rules instead of being cut."""

    DEFAULT_CSS = "TickList { text-wrap: wrap; }"

    def _get_visual(self, option: Option) -> Visual:
        visual = super()._get_visual(option)
        if isinstance(visual, Content):
            visual = option._visual = Broken(visual)  # cached on the option, as OptionList does
        return visual

    def render_line(self, y: int) -> Strip:
        line = OptionList.render_line(self, y)
        _, scroll_y = self.scroll_offset
        try:
            index, line_offset = self._lines[scroll_y + y]
        except IndexError:
            return line
        base = next(iter(line)).style if len(line) else None
        if line_offset:  # a wrapped line: no box, the text stays in its column
            return Strip([Segment("    ", style=base), *line])
        option = self.get_option_at_index(index)
        picked = option.value in self._selected  # type: ignore[attr-defined]
        style = "selection-list--button" + ("-selected" if picked else "")
        if self.highlighted == index:
            style += "-highlighted"
        button = self.get_component_rich_style(style)
        mark = TICKED if picked else UNTICKED
        return Strip([Segment(f" {mark} ", style=button), Segment(" ", style=base), *line])
