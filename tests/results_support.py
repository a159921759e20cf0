"""Every field of every Result, for the shipped and generated rubrics under many answer sets:
captured before scoring was compiled once per (rubric, profile) with each ``why`` built only when
read (issue 8), and compared ever since (tests/test_results_unchanged.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kinds_support import _plain, answer_sets, as_text, rubrics

from checklist.assessment import Assessment
from checklist.scoring import score

FIXTURE = Path(__file__).parent / "kinds_data" / "results_before.json.gz"


def capture() -> dict[str, Any]:
    """Per rubric, profile and answer set: the whole Result (every field, as ``_plain`` reads
    it) and its ``score --json`` shape."""
    out: dict[str, Any] = {}
    for name, rubric in rubrics():
        for profile in [None, *rubric.profiles]:
            runs = []
            for data in answer_sets(rubric):
                result = score(rubric, Assessment.model_validate(data), profile)
                runs.append({"result": _plain(result), "json": result.to_data()})
            out[f"{name}|{profile}"] = runs
    return out


if __name__ == "__main__":
    import gzip

    FIXTURE.write_bytes(gzip.compress(as_text(capture()).encode(), mtime=0))
