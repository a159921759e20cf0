"""What every command module shares: the one failure (a Chinese message, exit 1) and opening a
rubric by path or shipped id. Kept apart from ``cli`` so command modules need not import it."""

from __future__ import annotations

import os
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
    UserError a command lets through becomes its Chinese message on stderr, exit 1."""

    def invoke(self, ctx: click.Context) -> Any:
        from checklist.errors import UserError

        try:
            return super().invoke(ctx)
        except UserError as exc:
            raise Failed(str(exc)) from None


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
