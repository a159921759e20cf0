"""One-shot commands load only what they use (issue 15 §3): ``checklist --help`` and ``score``
never import openpyxl, Textual or rich, nor the workbook, store or TUI code. Checked by what the
real process (``python -m checklist ...``) holds in ``sys.modules`` when it exits: every module it
imported, also those imported through ``importlib`` (which ``-X importtime`` does not list). No
timing is asserted here: see bench/."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "village-star-complete.json"
HEAVY = ("openpyxl", "textual", "rich", "checklist.report", "checklist.store", "checklist.tui", "checklist.township", "checklist.xlsx")


# Runs ``python -m checklist ARGS`` and writes sys.modules at exit (after click's SystemExit).
_RUN = (
    "import atexit, runpy, sys\n"
    "out = sys.argv.pop(1)\n"
    "atexit.register(lambda: open(out, 'w', encoding='utf-8').write('\\n'.join(sorted(sys.modules))))\n"
    "sys.argv[0] = 'checklist'\n"
    "runpy.run_module('checklist', run_name='__main__', alter_sys=True)\n"
)


def imported(*args: str) -> set[str]:
    import tempfile

    env = {k: v for k, v in os.environ.items() if not k.startswith("CHECKLIST_")}
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "modules.txt"
        got = subprocess.run(
            [sys.executable, "-c", _RUN, str(out), *args],
            capture_output=True, text=True, cwd=ROOT, env=env, timeout=120,
        )
        assert got.returncode == 0, got.stderr[-2000:]
        return set(out.read_text(encoding="utf-8").split())


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
    score = imported("score", "village-star", str(EXAMPLE))
    assert "checklist.cli_commands" in score and "checklist.cli_review" not in score
    review = imported("review", "--help")
    assert "checklist.cli_review" in review and "checklist.cli_commands" not in review


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


def test_rubric_models_are_built_when_first_used() -> None:
    """Importing the rubric package builds no validator (``defer_build``); the first rubric
    read builds them, and reads as before."""
    code = (
        "from checklist.rubric import load_rubric; from checklist.rubric.model import Condition, Item, Rubric; "
        "assert not any(m.__pydantic_complete__ for m in (Condition, Item, Rubric)); "
        "r = load_rubric('rubrics/village-star.yaml').rubric; assert Rubric.__pydantic_complete__; print(len(r.items()))"
    )
    got = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert got.returncode == 0, got.stderr[-2000:]
    assert int(got.stdout) > 10


def test_read_loads_the_reader_and_not_the_writer(tmp_path: Path) -> None:
    """``checklist read`` reads the zip members itself: neither openpyxl nor the writing half of
    the report package (nor difflib, wanted only to name a misspelt rubric key)."""
    from checklist.assessment import read_assessment
    from checklist.report import write_report
    from checklist.rubric import load_rubric
    from checklist.scoring import score

    loaded = load_rubric(ROOT / "rubrics" / "village-star.yaml")
    answers = read_assessment(EXAMPLE)
    workbook = tmp_path / "自评表.xlsx"
    write_report(loaded.rubric, loaded.sha256, answers, score(loaded.rubric, answers), workbook)
    names = imported("read", str(workbook))
    assert "checklist.report.read" in names
    assert not {"openpyxl", "checklist.report.write", "checklist.xlsx.styles", "difflib"} & names
    assert "difflib" not in imported("score", "village-star", str(EXAMPLE))
