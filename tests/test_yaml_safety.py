"""Reading a rubric file is safe and means what it says: no code runs from a tag, alias bombs
and oversized files are refused, YAML 1.1 traps are refused with a located message, and numbers
are exact decimals."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from checklist.assessment import Answer, Assessment, RubricRef
from checklist.cli import main
from checklist.rubric import Problem, Rubric, check_bytes, load_rubric
from checklist.rubric.bounds import rule_max
from checklist.rubric.params import Params
from checklist.rubric.yamlread import MAX_ALIASES, MAX_BYTES, MAX_NODES
from checklist.scoring import score

VALID = """\
id: demo
title: 示例细则
version: "1"
sections:
  - id: basics
    title: 基础
    items:
      - id: team
        title: 班子配备
        rule:
          type: yesno
          points: 10
"""


def check(text: str | bytes) -> tuple[Rubric | None, list[Problem]]:
    raw = text.encode("utf-8") if isinstance(text, str) else text
    return check_bytes(raw, "t.yaml")


def located(problems: list[Problem]) -> list[tuple[int, int, str]]:
    return [(p.line, p.col, p.message) for p in problems]


def only_problem(text: str | bytes) -> Problem:
    rubric, problems = check(text)
    assert rubric is None
    assert len(problems) == 1, [str(p) for p in problems]
    return problems[0]


# --- tags never construct anything ----------------------------------------------------------


@pytest.mark.parametrize(
    "tagged",
    [
        "!!python/object/apply:os.system ['touch {marker}']",
        "!!python/object/apply:subprocess.call [['touch', '{marker}']]",
        "!!python/object/new:os.system ['touch {marker}']",
        "!!python/name:os.system",
        "!<tag:yaml.org,2002:python/object/apply:os.system> ['touch {marker}']",
    ],
)
def test_python_tags_are_errors_and_never_run(tagged: str, tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    text = VALID.replace("title: 示例细则", "title: " + tagged.format(marker=marker))
    problem = only_problem(text)
    assert (problem.line, problem.col) == (2, 8)
    assert problem.message.startswith("不允许的标签“!!python/")
    assert "不能使用 YAML 标签" in problem.message
    assert not marker.exists()


def test_python_tag_through_the_command_runs_nothing(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    path = tmp_path / "evil.yaml"
    path.write_text(
        VALID.replace("points: 10", f"points: !!python/object/apply:os.system ['touch {marker}']"), encoding="utf-8"
    )
    run = CliRunner().invoke(main, ["validate", str(path)])
    assert run.exit_code == 1
    assert f"{path}:12:19: [team] 不允许的标签“!!python/object/apply:os.system”" in run.stderr
    assert "Traceback" not in run.output
    assert not marker.exists()


def test_a_local_tag_is_an_error() -> None:
    problem = only_problem(VALID.replace("title: 班子配备", "title: !wichtig 班子配备"))
    assert (problem.line, problem.col, problem.ident) == (9, 16, "team")
    assert "不允许的标签“!wichtig”" in problem.message


# --- alias bombs, recursion, size ------------------------------------------------------------

BILLION_LAUGHS = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""


def test_billion_laughs_is_refused() -> None:
    problem = only_problem(BILLION_LAUGHS)
    assert problem.message == f"别名（*引用）使用超过 {MAX_ALIASES} 次，拒绝读取"
    assert problem.line >= 1 and problem.col >= 1


def test_collection_aliases_are_counted_and_refused_at_the_anchor() -> None:
    many = "x: &x [1]\nys:\n" + "".join("  - *x\n" for _ in range(MAX_ALIASES + 1))
    problem = only_problem(many)
    assert problem.message == f"别名（*引用）使用超过 {MAX_ALIASES} 次，拒绝读取"
    assert (problem.line, problem.col) == (1, 4)  # the anchored list everyone refers to


def test_aliases_of_plain_values_are_cheap_and_not_counted() -> None:
    many = "x: &x 1\nys:\n" + "".join("  - *x\n" for _ in range(MAX_ALIASES * 3))
    _, problems = check(many)
    assert not any("别名" in p.message for p in problems)


def test_a_wide_document_is_refused_by_node_count() -> None:
    wide = "x: [" + ",".join(["1"] * (MAX_NODES + 10)) + "]\n"
    assert len(wide.encode()) < MAX_BYTES
    problem = only_problem(wide)
    assert problem.message == f"文件展开后超过 {MAX_NODES} 个节点（可能是别名炸弹），拒绝读取"


@pytest.mark.parametrize(
    "text",
    [
        "a: &a [*a]\n",
        "a: &a {b: *a}\n",
        VALID.replace("    items:\n", "    items: &loop\n      - *loop\n", 1).split("      - id: team")[0],
    ],
    ids=["sequence", "mapping", "in-a-rubric"],
)
def test_recursive_alias_is_refused(text: str) -> None:
    problem = only_problem(text)
    assert problem.message == "别名引用了自身（循环引用），拒绝读取"


def test_too_deep_is_refused() -> None:
    problem = only_problem("a: " + "[" * 100 + "]" * 100 + "\n")
    assert problem.message == "嵌套层数超过 64 层，拒绝读取"


def test_file_over_the_limit_is_refused(tmp_path: Path) -> None:
    raw = VALID.encode() + b"#" * (MAX_BYTES - len(VALID.encode()) + 1)
    assert len(raw) == MAX_BYTES + 1
    problem = only_problem(raw)
    assert (problem.line, problem.col) == (1, 1)
    assert problem.message == f"文件过大（{len(raw) // 1024} KB），评分细则文件不得超过 2 MB"
    # exactly at the limit is read (and here is valid: the rest is one comment line)
    at_limit = raw[:-1]
    rubric, problems = check(at_limit)
    assert problems == [] and rubric is not None


def test_load_rubric_raises_with_all_problems(tmp_path: Path) -> None:
    from checklist.rubric import RubricError

    path = tmp_path / "r.yaml"
    path.write_text(VALID.replace("points: 10", "points: 010").replace('version: "1"', "version: yes"), "utf-8")
    with pytest.raises(RubricError) as caught:
        load_rubric(path)
    assert [(p.line, p.col) for p in caught.value.problems] == [(3, 10), (12, 19)]


# --- YAML 1.1 traps ----------------------------------------------------------------------------


@pytest.mark.parametrize("word", ["yes", "no", "on", "off", "Yes", "NO", "On", "OFF", "y", "n"])
def test_yaml11_booleans_as_values_are_refused_where_they_stand(word: str) -> None:
    problem = only_problem(VALID.replace("title: 班子配备", f"title: {word}"))
    assert (problem.line, problem.col, problem.ident) == (9, 16, "team")
    assert problem.message.startswith(f"“{word}”含义不明（旧版 YAML 会读成是/否）")


@pytest.mark.parametrize("word", ["yes", "no", "on", "off"])
def test_yaml11_booleans_as_keys_are_refused_where_they_stand(word: str) -> None:
    problem = only_problem(VALID.replace("        rule:\n", f"        {word}: 1\n        rule:\n"))
    assert (problem.line, problem.col, problem.ident) == (10, 9, "team")
    assert problem.message.startswith(f"键“{word}”含义不明")


def test_yaml11_boolean_in_a_boolean_field_is_refused_not_taken_as_true() -> None:
    problem = only_problem(VALID.replace("points: 10", "points: 10\n          negative: yes"))
    assert (problem.line, problem.col) == (13, 21)
    assert "请写 true 或 false" in problem.message


@pytest.mark.parametrize(
    ("number", "start"),
    [
        ("010", "“010”以 0 开头（旧版 YAML 会读成八进制数）"),
        ("0755", "“0755”以 0 开头"),
        ("-010", "“-010”以 0 开头"),
        ("0x1F", "“0x1F”是十六进制、八进制或二进制写法"),
        ("0o17", "“0o17”是十六进制、八进制或二进制写法"),
        ("0b101", "“0b101”是十六进制、八进制或二进制写法"),
    ],
)
def test_octal_and_hex_numbers_are_refused_where_they_stand(number: str, start: str) -> None:
    problem = only_problem(VALID.replace("points: 10", f"points: {number}"))
    assert (problem.line, problem.col, problem.ident) == (12, 19, "team")
    assert problem.message.startswith(start)


def test_quoted_and_explicit_strings_are_accepted_as_written() -> None:
    text = (
        VALID.replace("title: 示例细则", 'title: "yes"')
        .replace('version: "1"', "version: !!str 010")
        .replace("title: 基础", "title: 'off'")
        .replace("title: 班子配备", "title: !!str on")
    )
    rubric, problems = check(text)
    assert problems == []
    assert rubric is not None
    assert (rubric.title, rubric.version) == ("yes", "010")
    assert rubric.sections[0].title == "off"
    assert rubric.items()[0].title == "on"


def test_true_and_false_still_mean_yes_and_no() -> None:
    rubric, problems = check(VALID.replace("points: 10", "points: 10\n          negative: true"))
    assert problems == [] and rubric is not None
    assert rubric.items()[0].rule.negative is True  # type: ignore[union-attr]


# --- encoding --------------------------------------------------------------------------------


def test_a_bom_is_fine() -> None:
    rubric, problems = check(b"\xef\xbb\xbf" + VALID.encode("utf-8"))
    assert problems == [] and rubric is not None
    assert rubric.id == "demo"


def test_a_bom_does_not_shift_positions() -> None:
    problem = only_problem(b"\xef\xbb\xbf" + VALID.replace("points: 10", "points: 010").encode("utf-8"))
    assert (problem.line, problem.col) == (12, 19)


def test_gbk_is_refused_with_a_located_message() -> None:
    problem = only_problem(VALID.encode("gbk"))
    assert problem.line == 2
    assert problem.message.startswith("文件不是 UTF-8 编码")


def test_windows_line_endings_are_fine() -> None:
    rubric, problems = check(VALID.replace("\n", "\r\n"))
    assert problems == [] and rubric is not None


# --- exact numbers ---------------------------------------------------------------------------

TENTHS = """\
id: demo
title: 示例细则
version: "1"
sections:
  - id: basics
    title: 基础
    items:
      - id: a
        title: 甲
        rule:
          type: yesno
          points: 0.1
      - id: b
        title: 乙
        rule:
          type: yesno
          points: 0.2
      - id: c
        title: 丙
        rule:
          type: required_list
          points: 1
          deduct: 0.1
          things:
            - {id: p, label: 一}
            - {id: q, label: 二}
            - {id: r, label: 三}
"""


def test_numbers_are_exact_decimals() -> None:
    rubric, problems = check(TENTHS)
    assert problems == [] and rubric is not None
    p = Params(rubric)
    a, b, _ = (rule_max(i.rule, p) for i in rubric.items())
    assert isinstance(a, Decimal) and isinstance(b, Decimal)
    assert a + b == Decimal("0.3")  # with floats, 0.1 + 0.2 == 0.30000000000000004
    assert rubric.items()[2].rule.deduct == Decimal("0.1")  # type: ignore[union-attr]


def test_points_sum_is_exact_in_a_score() -> None:
    rubric, _ = check(TENTHS)
    assert rubric is not None
    answers = Assessment(
        rubric=RubricRef(id="demo", version="1"),
        answers={"a": Answer(value=True), "b": Answer(value=True), "c": Answer(value=["p"])},
    )
    result = score(rubric, answers)
    assert result.total == Decimal("1.1")  # 0.1 + 0.2 + (1 - 2 × 0.1)
    assert str(result.total) == "1.1" or result.total.normalize() == Decimal("1.1")


def test_the_command_shows_exact_totals(tmp_path: Path) -> None:
    path = tmp_path / "tenths.yaml"
    path.write_text(TENTHS, encoding="utf-8")
    run = CliRunner().invoke(main, ["validate", str(path)])
    assert run.exit_code == 0, run.stderr
    assert "满分 1.3 分" in run.stdout
