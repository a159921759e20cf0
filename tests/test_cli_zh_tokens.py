"""Help wrapping splits text as the regular expression it replaced did (compiled at start-up,
that expression cost more than ``checklist --help`` takes to print)."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from checklist.cli_zh import _tokens

_RANGES = r"\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f\u2018-\u201d\u2026\u2014"
REFERENCE = re.compile(rf"\s+|[{_RANGES}]|[^\s{_RANGES}]+")
ALPHABET = "ab 1\t\n中文，。“”‘’…—（）x-_/\u3000\uff01\u2e80\u9fff\ufaff\u2017\u201e\u00a0"


@given(st.text(alphabet=ALPHABET, max_size=40) | st.text(max_size=40))
def test_tokens_are_those_of_the_reference_expression(text: str) -> None:
    assert _tokens(text) == REFERENCE.findall(text)
