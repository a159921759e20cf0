"""What every command module shares: the one failure (a Chinese message, exit 1) and opening a
rubric by path or shipped id. Kept apart from ``cli`` so command modules need not import it."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click

if TYPE_CHECKING:
    from checklist.rubric import Loaded

__all__ = ["Failed", "fail", "open_rubric"]


class Failed(click.ClickException):
    """Bad input: the Chinese message on stderr, exit 1."""

    exit_code = 1

    def show(self, file: object = None) -> None:
        click.echo(self.message, err=True)


def fail(message: str) -> NoReturn:
    raise Failed(message)


def open_rubric(spec: str) -> Loaded:
    """A rubric by path, or by the id of a shipped one; bad ones fail with every problem."""
    from checklist.rubric import RubricError, load_rubric
    from checklist.rubric.shipped import find_shipped

    path = Path(spec)
    if not path.exists():
        found = find_shipped(spec)
        if found is None:
            fail(f"找不到评分细则“{spec}”：既不是文件，也不是内置细则（用 checklist rubrics 查看内置细则）")
        path = found
    try:
        return load_rubric(path)
    except RubricError as exc:
        fail("评分细则有误，无法使用：\n" + "\n".join(str(p) for p in exc.problems))
