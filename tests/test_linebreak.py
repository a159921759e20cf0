"""Chinese line breaking (issue 10): marks stay with their neighbours, numbers with their units."""

from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st

from checklist.cjk import width
from checklist.linebreak import CLOSERS, OPENERS, UNITS, wrap

HAN = st.sampled_from("党员总人数村集体经济收入支部书记活动场所面积组织生活会")
NUMBER = st.integers(0, 9999).map(str)
UNIT = st.sampled_from(UNITS)
LATIN = st.from_regex(r"[A-Za-z]{1,5}", fullmatch=True).map(lambda w: w + " ")
CORE = st.one_of(HAN, HAN, HAN, st.tuples(NUMBER, UNIT).map("".join), LATIN)
SEGMENT = st.tuples(
    st.sampled_from(["", "", "", *sorted(OPENERS)]),
    CORE,
    st.sampled_from(["", "", "", *sorted(CLOSERS), "。”", "）。"]),
).map("".join)
TEXT = st.lists(SEGMENT, min_size=1, max_size=40).map("".join)


@given(TEXT, st.integers(16, 80))
def test_lines_fit_and_keep_every_character(text: str, columns: int) -> None:
    lines = wrap(text, columns)
    assert all(width(line) <= columns for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")


@given(TEXT, st.integers(16, 80))
def test_no_line_starts_with_a_closing_mark_or_ends_with_an_opening_one(text: str, columns: int) -> None:
    lines = wrap(text, columns)
    for before, after in itertools.pairwise(lines):
        assert after[:1] not in CLOSERS, (before, after)
        assert before[-1:] not in OPENERS, (before, after)


@given(
    st.lists(st.tuples(st.lists(HAN, max_size=8).map("".join), NUMBER, UNIT), min_size=1, max_size=10),
    st.integers(16, 60),
)
def test_a_number_and_its_unit_stay_on_one_line(parts: list[tuple[str, str, str]], columns: int) -> None:
    text = "".join(h + n + u for h, n, u in parts)
    lines = wrap(text, columns)
    for before, after in itertools.pairwise(lines):
        assert not (before[-1:].isdigit() and (after[:1].isdigit() or any(after.startswith(u) for u in UNITS)))


def test_the_examples_from_the_issue() -> None:
    assert wrap("党员总人数50人", 12) == ["党员总人数", "50人"]
    lines = wrap("村集体经济年经常性收入达到20万元（含）以上的，得5分；“四议两公开”落实到位。", 16)
    assert "20万元" in "".join(lines) and any("20万元" in line for line in lines)
    assert all(not line.startswith(("，", "；", "）", "”")) for line in lines)
    assert all(not line.endswith(("（", "“")) for line in lines)


def test_newlines_and_spaces() -> None:
    assert wrap("甲\n乙", 10) == ["甲", "乙"]
    assert wrap("abc def ghi", 5) == ["abc", "def", "ghi"]
    assert wrap("", 10) == [""]
