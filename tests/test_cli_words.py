"""click's own words (help headings, usage errors) reach the user in Chinese."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from checklist.cli import main

ENGLISH = ("Usage:", "Options", "Commands", "Show this message", "Error:", "Missing argument", "No such")


@pytest.mark.parametrize(
    "args",
    [["--help"], ["validate", "--help"], ["score", "--help"], ["aggregate", "--help"]],
    ids=lambda a: " ".join(a),
)
def test_help_is_chinese(args: list[str]) -> None:
    run = CliRunner().invoke(main, args)
    assert run.exit_code == 0
    assert "用法：" in run.output and "选项" in run.output
    assert not [w for w in ENGLISH if w in run.output]


@pytest.mark.parametrize(
    ("args", "expected"),
    [(["validate"], "缺少参数"), (["score", "--bogus"], "没有选项“--bogus”"), (["frob"], "没有命令“frob”")],
)
def test_usage_errors_are_chinese_with_exit_2(args: list[str], expected: str) -> None:
    run = CliRunner().invoke(main, args)
    assert run.exit_code == 2
    assert "错误：" in run.output and expected in run.output
    assert not [w for w in ENGLISH if w in run.output]
