"""One base class for every error a user can see (checklist.errors.UserError), caught by the CLI
in one place: a Chinese message and exit 1, never a traceback."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from pathlib import Path

import pytest
from click.testing import CliRunner

import checklist
from checklist.cli import main
from checklist.errors import Located, UserError
from checklist.rubric.yamlread import Problem
from checklist.xlsx import datasheet

ROOT = Path(__file__).resolve().parent.parent
# Raised and caught inside one module (or turned into a UserError by its caller): never shown.
INTERNAL = {
    "checklist.township.aggregate._Refused",
    "checklist.assessment._HugeInt",  # parse_assessment turns it into an AssessmentError
    "checklist.rubric.yamlread.TooBig",
    "checklist.xlsx.stream._Stop",
    "checklist.xlsx.datasheet.Missing",
    "checklist.xlsx.datasheet.Broken",
    "checklist.review.data.BadReviewSheet",
    "checklist.cli_base.Failed",  # click's own: what a UserError becomes at the command line
    "checklist.tui.session.LockLost",  # the TUI's: the walk turns it read-only
    "checklist.rubric.kinds.UnknownKind",  # a programming error: files with an unknown rule type are refused when read
}


def _error_classes() -> list[type[BaseException]]:
    found = []
    for info in pkgutil.walk_packages(checklist.__path__, "checklist."):
        if info.name.startswith(("checklist.web", "checklist.__main__")):
            continue
        module = importlib.import_module(info.name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, BaseException) and cls.__module__ == info.name:
                found.append(cls)
    return found


def test_every_error_a_user_sees_is_a_user_error() -> None:
    classes = _error_classes()
    assert len(classes) > 15
    stray = [
        f"{c.__module__}.{c.__qualname__}"
        for c in classes
        if not issubclass(c, UserError) and f"{c.__module__}.{c.__qualname__}" not in INTERNAL
    ]
    assert not stray


def test_rubric_problems_are_located_and_keep_their_form() -> None:
    p = Problem("village.yaml", 12, 7, "team", "满分应为正数")
    assert isinstance(p, Located)
    assert str(p) == "village.yaml:12:7: [team] 满分应为正数"
    assert str(Problem("village.yaml", 3, 1, None, "缺少“id”")) == "village.yaml:3:1: 缺少“id”"
    assert (p.file, p.ident) == ("village.yaml", "team")


def test_the_cli_shows_any_user_error_plainly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # No command catches TooLarge itself: the one handler does.
    monkeypatch.setattr(datasheet, "CHUNK", 1)
    run = CliRunner().invoke(main, ["template", "village-star", "-o", str(tmp_path / "t.xlsx")])
    assert run.exit_code == 1
    assert run.exception is None or isinstance(run.exception, SystemExit), run.exception
    assert "过大" in run.output and "Traceback" not in run.output
    assert not (tmp_path / "t.xlsx").exists()


def test_an_existing_file_is_a_user_error_with_the_old_words(tmp_path: Path) -> None:
    target = tmp_path / "t.xlsx"
    target.write_bytes(b"old")
    run = CliRunner().invoke(main, ["template", "village-star", "-o", str(target)])
    assert run.exit_code == 1 and run.output.strip() == f"{target} 已存在；如要覆盖，请加 --force"
    assert target.read_bytes() == b"old"
