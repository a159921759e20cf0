"""Every output a rule kind feeds, for the shipped and generated rubrics under many answer sets:
captured once before the kinds moved into ``checklist/rubric/kinds`` and compared ever since
(tests/test_kinds_unchanged.py), so the move is proven to change no field of any result."""

from __future__ import annotations

import dataclasses
import random
import sys
from pathlib import Path
from typing import Any

from checklist.assessment import Assessment
from checklist.fillin.layout import item_rows
from checklist.numbers import as_json
from checklist.review.text import value_to_text
from checklist.rubric import check_bytes, load_rubric
from checklist.rubric.model import Rubric
from checklist.rubric.params import Params
from checklist.scoring import score

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from gen import assessment_data, rubric_yaml  # noqa: E402

FIXTURE = Path(__file__).parent / "kinds_data" / "before.json.gz"

# Values no kind accepts everywhere: each lands on a few items of every answer set.
_WRONG: list[Any] = ["abc", -1, 1.5, True, [], {}, {"part": 3, "whole": 0}, {"part": 5, "whole": 2}, "nope", ["x"], 10**40]


def rubrics() -> list[tuple[str, Rubric]]:
    out = [(path.name, load_rubric(path).rubric) for path in sorted((ROOT / "rubrics").glob("*.yaml"))]
    for n, seed in ((120, 1), (300, 7)):
        rubric, problems = check_bytes(rubric_yaml(n, sections=6, seed=seed).encode(), "gen.yaml")
        assert rubric is not None and not problems
        out.append((f"gen-{n}-{seed}", rubric))
    return out


def answer_sets(rubric: Rubric) -> list[dict[str, Any]]:
    sets = []
    for seed, share in ((2, 0.95), (3, 0.6), (4, 1.0), (5, 0.3)):
        data = assessment_data(rubric, seed=seed, answered=share)
        rnd = random.Random(seed * 31)
        for item_id in list(data["answers"]):
            roll = rnd.random()
            if roll < 0.08:
                data["answers"][item_id] = {"value": rnd.choice(_WRONG), "na": False}
            elif roll < 0.1:
                data["answers"][item_id] = {"value": None, "na": True}  # also where N/A is not allowed
            elif roll < 0.12:
                data["answers"][item_id]["note"] = ""  # a judged score without its reason
        sets.append(data)
    return sets


def _plain(value: Any) -> Any:
    from decimal import Decimal

    if isinstance(value, Decimal):
        return as_json(value)
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value) if not f.name.startswith("_")}
    return value


def capture() -> dict[str, Any]:
    """Everything compared: per rubric and answer set, the whole Result, each item's words (the
    workbook) and review text; per rubric and profile, the fill-in rows."""
    out: dict[str, Any] = {}
    for name, rubric in rubrics():
        profiles = [None, *rubric.profiles]
        for profile in profiles:
            p = Params(rubric, profile)
            rows = {item.id: _plain(item_rows(item, p)) for item in rubric.items()}
            runs = []
            for data in answer_sets(rubric):
                assessment = Assessment.model_validate(data)
                result = score(rubric, assessment, profile)
                words = {}
                texts = {}
                for item in rubric.items():
                    answer = assessment.answers.get(item.id)
                    words[item.id] = result.item(item.id).words
                    texts[item.id] = value_to_text(item, answer.value if answer else None, p)
                runs.append({"result": _plain(result), "json": result.to_data(), "words": words, "texts": texts})
            out[f"{name}|{profile}"] = {"rows": rows, "runs": runs}
    return out


def as_text(data: dict[str, Any]) -> str:
    import json

    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


if __name__ == "__main__":
    import gzip

    FIXTURE.write_bytes(gzip.compress(as_text(capture()).encode(), mtime=0))
