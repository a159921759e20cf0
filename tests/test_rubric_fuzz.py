"""Whatever bytes or text come in, the reader and loader never raise: they return a rubric, or a
non-empty list of located Chinese messages."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from checklist.rubric import Rubric, check_bytes

ROOT = Path(__file__).resolve().parent.parent
CJK = re.compile(r"[\u4e00-\u9fff]")
SEED = (ROOT / "tests" / "broken" / "several_errors.yaml").read_text(encoding="utf-8")

VALID = """\
id: demo
title: 示例细则
version: "1"
parameters:
  area_min: {label: 活动场所面积, unit: 平方米, default: 100}
profiles:
  small: {label: 小村, parameters: {area_min: 60}}
tag_groups:
  - {id: goals, label: 五个目标, tags: [党建强, 乡村美]}
sections:
  - id: basics
    title: 基础
    cap: 40
    items:
      - id: team
        title: 班子配备
        text: 面积不少于{area_min}
        tags: [党建强]
        evidence: [换届结果]
        rule: {type: yesno, points: 10}
      - id: venue
        title: 活动场所
        allow_na: true
        rule:
          type: number
          unit: 平方米
          min: 0
          bands:
            - {min: 200, points: 5}
            - {min: $area_min, points: 2}
      - id: kind
        title: 场所性质
        relevant_when: {item: team, equals: true}
        rule:
          type: choice
          options:
            - {id: own, label: 自有, points: 5}
            - {id: rented, label: 租用, points: 2}
      - id: members
        title: 党员管理
        rule:
          type: required_list
          points: 8
          deduct: 2
          things: [{id: roster, label: 花名册}, {id: dues, label: 党费}]
      - id: events
        title: 违规次数
        rule: {type: count, mode: deduct, per: 2, points: 6}
        veto: {when: {item: events, at_least: 3}, cap: one, reason: 多次违规}
      - id: age
        title: 平均年龄
        rule: {type: deviation, unit: 岁, points: 6, baseline: 48, per: 1, cap: 6}
      - id: young
        title: 青年党员
        rule:
          type: share
          part_label: 35岁以下
          whole_label: 党员总数
          bands: [{min: 20, points: 4}]
      - id: feature
        title: 特色工作
        rule: {type: judged, min: 0, max: 5}
      - id: honor
        title: 表彰
        bonus: true
        rule:
          type: multiple
          cap: 3
          options: [{id: county, label: 县级, points: 1}, {id: city, label: 市级, points: 2}]
bonus_cap: 3
levels:
  - {id: three, label: 三星, stars: 3, min: 30, no_veto: true, requires: [{item: team, full: true}]}
  - {id: one, label: 一星, stars: 1, min: 10}
flags:
  - id: weak
    label: 软弱涣散
    when: {any: [{item: team, equals: false}, {not: {section: basics, percent_at_least: 30}}]}
"""

# Pieces that make YAML (and rubrics) go wrong in interesting ways.
FRAGMENTS = [
    "yes",
    "no",
    "on",
    "Off",
    "y",
    "010",
    "0x1F",
    "0o7",
    ".inf",
    ".nan",
    "~",
    "null",
    "true",
    "''",
    '"',
    "'",
    ":",
    ": ",
    "- ",
    "-",
    "#",
    "&a ",
    "*a",
    "*b",
    "<<: ",
    "!!python/object/apply:os.system [x]",
    "!!str ",
    "!x ",
    "!!binary ",
    "? ",
    "[",
    "]",
    "{",
    "}",
    ",",
    "|",
    ">",
    "%",
    "@",
    "`",
    "\t",
    "\n",
    "\r\n",
    "\x00",
    "\x01",
    "\ufeff",
    "\u2028",
    "\ud7ff",
    "---",
    "...",
    "$area_min",
    "$nope",
    "{area_min}",
    "{nope}",
    "-5",
    "1e400",
    "0.1",
    "99999999999999999999999",
    "中文",
    "评分",
    "id",
    "type",
    "yesno",
    "choice",
    "items",
    "sections",
    "levels",
    "rule",
    "points",
    "bands",
    "min",
    "max",
    "item",
    "equals",
    "all",
    "any",
    "not",
    " " * 7,
    "  ",
    "\\",
    "\\x",
    "\\u12",
]


def assert_sane(raw: bytes) -> None:
    rubric, problems = check_bytes(raw, "f.yaml")
    assert (rubric is None) == bool(problems), "a rubric, or problems, never both or neither"
    if rubric is not None:
        assert isinstance(rubric, Rubric)
        return
    for p in problems:
        assert p.file == "f.yaml"
        assert p.line >= 1 and p.col >= 1, p
        assert CJK.search(p.message), p
        assert str(p).startswith(f"f.yaml:{p.line}:{p.col}: ")
    assert problems == sorted(problems)


def test_the_fuzz_seed_is_valid() -> None:
    rubric, problems = check_bytes(VALID.encode(), "f.yaml")
    assert problems == [], [str(p) for p in problems]
    assert rubric is not None


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
@example(b"")
@example(b"\xff\xfe")
@example(b"\xef\xbb\xbf")
@example(b"\xef\xbb\xbf\xef\xbb\xbf")
@example(b"a: 1\x00")
def test_arbitrary_bytes(raw: bytes) -> None:
    assert_sane(raw)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300))
@example("\ud800")  # a lone surrogate: not encodable as UTF-8
@example("a: \u2028b")
def test_arbitrary_text(text: str) -> None:
    assert_sane(text.encode("utf-8", "surrogatepass"))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=40))
def test_yamlish_soup(parts: list[str]) -> None:
    assert_sane("".join(parts).encode("utf-8", "surrogatepass"))


def _mutate(text: str, edits: list[tuple[str, int, int, str]]) -> str:
    for kind, where, length, piece in edits:
        at = where % (len(text) + 1)
        if kind == "insert":
            text = text[:at] + piece + text[at:]
        elif kind == "delete":
            text = text[:at] + text[at + length :]
        elif kind == "replace":
            text = text[:at] + piece + text[at + len(piece) :]
        elif kind == "swap_lines":
            lines = text.split("\n")
            i, j = at % len(lines), (at + length) % len(lines)
            lines[i], lines[j] = lines[j], lines[i]
            text = "\n".join(lines)
        elif kind == "drop_line":
            lines = text.split("\n")
            del lines[at % len(lines)]
            text = "\n".join(lines)
        elif kind == "dup_line":
            lines = text.split("\n")
            i = at % len(lines)
            lines.insert(i, lines[i])
            text = "\n".join(lines)
        elif kind == "indent":
            lines = text.split("\n")
            i = at % len(lines)
            lines[i] = " " * (length % 4 + 1) + lines[i] if length % 2 else lines[i][length % 3 + 1 :]
            text = "\n".join(lines)
    return text


EDITS = st.lists(
    st.tuples(
        st.sampled_from(["insert", "delete", "replace", "swap_lines", "drop_line", "dup_line", "indent"]),
        st.integers(min_value=0, max_value=10_000),
        st.integers(min_value=0, max_value=30),
        st.sampled_from(FRAGMENTS) | st.text(max_size=5),
    ),
    min_size=1,
    max_size=6,
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from([VALID, SEED]), EDITS)
def test_mutated_rubrics(seed: str, edits: list[tuple[str, int, int, str]]) -> None:
    assert_sane(_mutate(seed, edits).encode("utf-8", "surrogatepass"))


NUMBERS = st.one_of(
    st.integers(min_value=-(10**6), max_value=10**6).map(str),
    st.decimals(allow_nan=False, allow_infinity=False, places=3, min_value=-1000, max_value=1000).map(str),
    st.sampled_from(["$area_min", "$nope", "0", "-0", "1e3", "010", ".5", "1_000", "一百", "~"]),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(NUMBERS, min_size=1, max_size=12))
def test_every_number_replaced(numbers: list[str]) -> None:
    """Swap the rubric's numbers for others: orders, caps and reachability checks stay calm."""
    values = iter(numbers * 20)
    text = re.sub(r"(?<=: )-?\d+(\.\d+)?(?=[,}\n])", lambda _: next(values, "1"), VALID)
    assert_sane(text.encode())
