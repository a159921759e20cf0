"""Moving each rule kind into its own module changed no output: every field of every item result,
the whole ``score --json``, the workbook's answer words, the review text and the fill-in rows, on the
shipped and generated rubrics, match what the code gave before the move (tests/kinds_support.py).
Fields added since are new, not changed: only the fields captured then are compared."""

from __future__ import annotations

import gzip
import json
from typing import Any

from kinds_support import FIXTURE, as_text, capture


def _same(new: Any, old: Any, where: str) -> None:
    if isinstance(old, dict):
        assert isinstance(new, dict), where
        for key, value in old.items():
            assert key in new, f"{where}.{key} is gone"
            _same(new[key], value, f"{where}.{key}")
    elif isinstance(old, list):
        assert isinstance(new, list) and len(new) == len(old), where
        for n, (a, b) in enumerate(zip(new, old, strict=True)):
            label = b.get("id", n) if isinstance(b, dict) else n
            _same(a, b, f"{where}[{label}]")
    else:
        assert new == old, where


def test_every_output_of_every_kind_is_as_before() -> None:
    before = json.loads(gzip.decompress(FIXTURE.read_bytes()))
    now = json.loads(as_text(capture()))
    assert sorted(now) == sorted(before)
    for key, was in before.items():
        _same(now[key], was, key)
