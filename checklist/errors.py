"""The one base class for errors a user can act on, and the located problem they carry.

Every reader (rubric, assessment, workbook, fill-in form, previous roll-up, review, store)
raises a ``UserError`` subclass whose ``problems`` say where and what, in Chinese, all at once.
The CLI and the TUI catch ``UserError`` alone and show ``str(exc)``; nothing else reaches a user.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Located:
    """One problem: ``where`` is a file path or a sheet name; ``line`` a line or a row;
    ``col`` a column number or letter; ``item`` the item id it concerns."""

    where: str = ""
    line: int | None = None
    col: int | str | None = None
    item: str | None = None
    message: str = ""

    def __str__(self) -> str:
        place = ":".join(str(p) for p in (self.where, self.line, self.col) if p not in (None, ""))
        head = f"{place}: " if place else ""
        tag = f"[{self.item}] " if self.item else ""
        return f"{head}{tag}{self.message}"


class UserError(Exception):
    """Bad input or a refused action; ``str()`` is the whole Chinese message to show.

    ``title`` is the sentence before the list (e.g. “评分细则有误，无法使用：”); with no
    problems the title alone is the message.
    """

    title: str = ""

    def __init__(self, title: str = "", problems: Iterable[Located | object] = ()) -> None:
        self.title = title or type(self).title
        self.problems: list[object] = list(problems)
        super().__init__(self.message())

    def message(self) -> str:
        lines = [str(p) for p in self.problems]
        if not lines:
            return self.title
        if not self.title:
            return "\n".join(lines)
        return "\n".join([self.title, *lines])

    def __str__(self) -> str:
        return self.message()
