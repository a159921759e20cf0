"""What every command module shares: the one failure (a Chinese message, exit 1) and opening a
rubric by path or shipped id. Kept apart from ``cli`` so command modules need not import it."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NoReturn

import click

if TYPE_CHECKING:
    from pathlib import Path

    from checklist.rubric import Loaded

__all__ = ["Failed", "Main", "as_path", "fail", "open_rubric"]


class as_path:
    """Calling it gives ``pathlib.Path(value)``, importing pathlib then: command modules bind it
    as ``Path`` at run time (their decorators name it as click's ``path_type``, which must be a
    type), because importing pathlib costs about a tenth of ``checklist --help``."""

    def __new__(cls, value: str | os.PathLike[str]) -> Path:  # type: ignore[misc]
        from pathlib import Path

        return Path(value)


class Failed(click.ClickException):
    """Bad input: the Chinese message on stderr, exit 1."""

    exit_code = 1

    def show(self, file: object = None) -> None:
        click.echo(self.message, err=True)


class Main(click.Group):
    """The command group, and the one place the CLI catches what a user can act on: any
    UserError a command lets through becomes its Chinese message on stderr, exit 1.

    Its commands are listed in ``table`` (name -> ``"module:attribute"`` and the one line its
    help starts with) and imported only when asked for by name: ``checklist --help`` prints the
    table without importing a command, ``checklist score`` imports only the module of ``score``.
    ``loaded`` is called on each command when it is first imported (the Chinese placeholders)."""

    def __init__(
        self,
        *args: Any,
        table: dict[str, tuple[str, str]] | None = None,
        loaded: Callable[[click.Command], None] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.table = table or {}
        self.loaded = loaded or (lambda command: None)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *self.table})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in self.table:
            import importlib

            module, _, attribute = self.table[cmd_name][0].partition(":")
            command = getattr(importlib.import_module(module), attribute)
            self.loaded(command)
            self.add_command(command, cmd_name)
        return self.commands.get(cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """As click's, with the table's line for each command not imported yet."""
        from checklist.cli_zh import _gettext

        names = self.list_commands(ctx)
        limit = formatter.width - 6 - max(map(len, names), default=0)
        rows = []
        for name in names:
            command = self.commands.get(name)
            if command is None:
                rows.append((name, self.table[name][1]))
            elif not command.hidden:
                rows.append((name, command.get_short_help_str(limit)))
        if rows:
            with formatter.section(_gettext("Commands")):
                formatter.write_dl(rows)

    def make_context(self, info_name: str | None, args: list[str], parent: click.Context | None = None, **extra: Any) -> click.Context:
        """The help's width as click would choose it (the terminal's, at most 78 columns), found
        without ``shutil``: importing it (and the compressors it imports) is a twentieth of
        ``checklist --help``. Commands inherit it from the group's context."""
        if "terminal_width" not in extra and parent is None:
            extra["terminal_width"] = max(min(_columns(), 80) - 2, 50)
        return super().make_context(info_name, args, parent, **extra)

    def invoke(self, ctx: click.Context) -> Any:
        from checklist.errors import UserError

        try:
            return super().invoke(ctx)
        except UserError as exc:
            raise Failed(str(exc)) from None


def _columns() -> int:
    """``shutil.get_terminal_size().columns``: $COLUMNS, else the terminal's, else 80."""
    import sys

    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 80
        columns = columns or 80
    return columns


def fail(message: str) -> NoReturn:
    raise Failed(message)


def open_rubric(spec: str) -> Loaded:
    """A rubric by path, or by the id of a shipped one; bad ones fail with every problem."""
    from checklist.rubric import load_rubric
    from checklist.rubric.shipped import find_shipped

    path = as_path(spec)
    if not path.exists():
        found = find_shipped(spec)
        if found is None:
            fail(f"找不到评分细则“{spec}”：既不是文件，也不是内置细则（用 checklist rubrics 查看内置细则）")
        path = found
    return load_rubric(path)  # RubricError: “评分细则有误，无法使用：” and every problem
