"""Moving each rule kind into its own module changed nothing a kind decides: for every item of the
shipped and generated rubrics under many answer sets, its full marks, and for an answered item its
points, its ``why`` and its answer in words (the workbook), the reason an answer is refused, the
reviewer's text of it and the fill-in rows are what the code gave before the move
(tests/kinds_support.py). Counts, statuses and section totals are the Result's, not a kind's: they
may change on purpose (issue 8's progress record) and are tested where they are built."""

from __future__ import annotations

import gzip
import json

from kinds_support import FIXTURE, as_text, capture

SCORED = {"full", "partial", "zero", "info"}  # a valid answer, scored by its kind


def test_every_output_of_every_kind_is_as_before() -> None:
    before = json.loads(gzip.decompress(FIXTURE.read_bytes()))
    now = json.loads(as_text(capture()))
    assert sorted(now) == sorted(before)
    for key, was in before.items():
        got = now[key]
        assert got["rows"] == was["rows"], key
        for n, (run, old) in enumerate(zip(got["runs"], was["runs"], strict=True)):
            where = f"{key} run {n}"
            items = {i["id"]: i for i in run["result"]["items"]}
            assert list(items) == [i["id"] for i in old["result"]["items"]], where
            for old_item in old["result"]["items"]:
                item_id = old_item["id"]
                new_item = items[item_id]
                assert new_item["max"] == old_item["max"], (where, item_id)
                refused = old_item["why"].startswith("答案无效")
                if old_item["status"] in SCORED or refused:
                    for field in ("points", "why"):
                        assert new_item[field] == old_item[field], (where, item_id, field)
                    assert run["words"][item_id] == old["words"][item_id], (where, item_id)
            assert run["texts"] == old["texts"], where
