"""The command line for people: Chinese placeholders, an example under every command,
full-width punctuation, nothing cut or over 80 columns; the schema's words in Chinese."""

from __future__ import annotations

import itertools
import json
import os
import re
import subprocess
import sys

import click
import pytest
from hypothesis import given
from hypothesis import strategies as st

from checklist.cjk import width
from checklist.cli import main
from checklist.cli_zh import _NO_START, _fill, _tokens

COMMANDS = sorted(
    name
    for name in main.list_commands(click.Context(main))
    if (c := main.get_command(click.Context(main), name)) is not None and not c.hidden
)
CJK = re.compile(r"[\u4e00-\u9fff]")
ASCII_PUNCT_BY_CJK = re.compile(r"[\u4e00-\u9fff][,:;!?()]|[,:;!?(][\u4e00-\u9fff]")
ENGLISH_PLACEHOLDERS = re.compile(
    r"\b(RUBRIC|ASSESSMENT|ID|OPTIONS|COMMAND|ARGS|TEXT|INTEGER|FLOAT|FILES?|PATH|REPORT|INPUTS)\b"
)


def help_of(*args: str) -> str:
    env = {**os.environ, "COLUMNS": "80"}
    done = subprocess.run([sys.executable, "-m", "checklist", *args, "--help"], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.parametrize("command", ["", *COMMANDS])
def test_help_is_chinese_whole_and_fits_80_columns(command: str) -> None:
    text = help_of(*([command] if command else []))
    for line in text.splitlines():
        assert width(line) <= 80, line
        if not line.startswith("用法："):
            assert not line.rstrip().endswith("..."), f"cut: {line}"
    assert not ENGLISH_PLACEHOLDERS.search(text), ENGLISH_PLACEHOLDERS.search(text)
    unquoted = re.sub(r"“[^”]*”", "", text)
    assert not ASCII_PUNCT_BY_CJK.search(unquoted), ASCII_PUNCT_BY_CJK.search(unquoted)
    assert "选项：" in text and "Options" not in text
    if command:
        assert "\n  例：\n    checklist " + command in text


def test_profile_lists_its_choices_with_chinese_names() -> None:
    for command in ("score", "export", "template", "aggregate"):
        assert "accelerated（加快发展县）" in help_of(command).replace("\n", "").replace(" ", "")


def test_the_schema_speaks_chinese() -> None:
    schema = json.loads(subprocess.run([sys.executable, "-m", "checklist", "schema"], capture_output=True).stdout)
    described = 0

    def walk(node: object) -> None:
        nonlocal described
        if isinstance(node, dict):
            for key, prop in node.get("properties", {}).items():
                assert isinstance(prop, dict)
                assert CJK.search(prop.get("description", "")), key
                assert "title" not in prop, key
                described += 1
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(schema)
    for name, model in schema["$defs"].items():
        assert CJK.search(model.get("description", "")), name
    assert described > 100


words = st.lists(
    st.sampled_from(["评分", "细则", "，", "。", "）", "（", "village-star", "--profile", " ", "自评表", "：", "12.5"]),
    max_size=60,
)


@given(words, st.integers(min_value=20, max_value=78))
def test_wrapping_keeps_every_character_and_the_width(parts: list[str], limit: int) -> None:
    text = "".join(parts)
    out = _fill(text, limit, "", "")
    assert "".join(out.split()) == "".join(text.split())
    lines = out.splitlines()
    for line in lines:
        # An ASCII word cannot be broken, nor parted from an opening or closing mark beside it.
        bare = re.sub(r"[（“‘）”’，。、；：]", "", line)
        one_word = " " not in line and not re.search(r"[^\x00-\x7f]", bare)
        assert width(line) <= limit or one_word, line
    for before, line in itertools.pairwise(lines):
        if line[:1] in _NO_START:  # only when the line before has nothing left to carry over
            tokens = _tokens(before.strip())
            assert all(t in _NO_START or t.isspace() for t in tokens[1:]), (before, line)
