"""Text broken into lines by the Chinese rules of ``checklist.linebreak`` at whatever width the
widget gets (Textual's own wrapping breaks between any two characters: a line could start
with “，” or split “50人”)."""

from __future__ import annotations

from rich.cells import cell_len
from textual.content import Content
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual
from textual.widgets import Static

from checklist.linebreak import line_spans


def broken(content: Content, width: int, hang: int = 0) -> Content:
    """The content with a newline at each place the Chinese rules break it for ``width``.
    ``hang``: the first so many characters (a tick box) stay in front; the lines after the
    first are indented by their width, so the text reads as one column beside the box."""
    head, body = content[:hang], content[hang:]
    indent = cell_len(head.plain)
    spans = line_spans(body.plain, width - indent)
    lines = [body[start:end] for start, end in spans]
    return Content("\n").join([head + lines[0], *(Content(" " * indent) + line for line in lines[1:])])


class Broken(Visual):
    """A Content visual whose lines are broken by ``line_spans`` at the width it is drawn at."""

    def __init__(self, content: Content, hang: int = 0) -> None:
        self.content = content
        self.hang = hang
        self._at: dict[int, Content] = {}

    def at(self, width: int) -> Content:
        if width not in self._at:
            self._at[width] = broken(self.content, width, self.hang)
        return self._at[width]

    def __str__(self) -> str:
        return str(self.content)

    def render_strips(self, width: int, height: int | None, style: Style, options: RenderOptions) -> list[Strip]:
        return self.at(width).render_strips(width, height, style, options)

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return self.content.get_optimal_width(rules, container_width)

    def get_height(self, rules: RulesMap, width: int) -> int:
        return self.at(width).get_height(rules, width)


class Wrapped(Static):
    """A Static whose text (markup or plain) breaks by the Chinese rules."""

    _broken: tuple[Visual, Broken] | None = None

    def render(self) -> Visual:
        visual = self.visual
        if not isinstance(visual, Content):
            return visual
        if self._broken is None or self._broken[0] is not visual:
            self._broken = (visual, Broken(visual))
        return self._broken[1]
