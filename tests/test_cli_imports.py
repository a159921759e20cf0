"""One-shot commands load only what they use (issue 15 §3): ``checklist --help`` and ``score``
never import openpyxl, Textual or rich, nor the workbook, store or TUI code. Checked by what
``python -X importtime`` says the real process imported (no timing asserted here: see bench/)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "village-star-complete.json"
HEAVY = ("openpyxl", "textual", "rich", "checklist.report", "checklist.store", "checklist.tui", "checklist.township", "checklist.xlsx")


def imported(*args: str) -> set[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CHECKLIST_")}
    got = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "checklist", *args],
        capture_output=True, text=True, cwd=ROOT, env=env, timeout=120,
    )
    assert got.returncode == 0, got.stderr[-2000:]
    names = set()
    for line in got.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            names.add(line.rsplit("|", 1)[1].strip())
    return names


@pytest.mark.parametrize(
    "args",
    [("--help",), ("score", "village-star", str(EXAMPLE)), ("score", "--json", "village-star", str(EXAMPLE))],
    ids=["help", "score", "score-json"],
)
def test_one_shot_commands_do_not_import_what_they_do_not_use(args: tuple[str, ...]) -> None:
    names = imported(*args)
    assert "checklist.cli" in names
    heavy = sorted(n for n in names if any(n == h or n.startswith(h + ".") for h in HEAVY))
    assert heavy == []


def test_help_does_not_build_rubric_or_assessment_models() -> None:
    names = imported("--help")
    assert not {"pydantic", "yaml", "checklist.rubric", "checklist.assessment", "checklist.scoring"} & names


def test_help_lists_the_commands_from_the_table_without_importing_them() -> None:
    """The list of commands in ``checklist --help`` is ``COMMANDS``: no command module is
    imported for it, nor shutil (click's way to the terminal width, with the compressors)."""
    names = imported("--help")
    assert not {"checklist.cli_commands", "checklist.cli_review", "shutil"} & names


def test_a_command_imports_only_its_own_module() -> None:
    assert "checklist.cli_review" not in imported("score", "village-star", str(EXAMPLE))
    assert "checklist.cli_commands" not in imported("review", "--help")


def test_the_command_table_says_what_the_commands_say() -> None:
    """Each entry loads a command of that name whose help starts with the entry's line, and
    every command the command modules define has an entry."""
    import importlib

    import click

    from checklist.cli import COMMANDS, main

    ctx = click.Context(main)
    for name, (_where, line) in COMMANDS.items():
        command = main.get_command(ctx, name)
        assert command is not None and command.name == name, name
        assert command.short_help == line, name
        assert command.epilog, name  # localised when loaded: the examples under its help
    defined = {
        f"{module}:{attr}"
        for module in ("checklist.cli_commands", "checklist.cli_review")
        for attr, value in vars(importlib.import_module(module)).items()
        if isinstance(value, click.Command)
    }
    assert defined == {where for where, _ in COMMANDS.values()}
    assert main.list_commands(ctx) == sorted(COMMANDS)
