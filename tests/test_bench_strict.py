"""``bench/run.py --strict`` exits 1 when any row misses its target (and 0 otherwise), for rows
from ``@benchmark`` cases and from a module's own ``run()`` alike."""

from __future__ import annotations

import sys
from pathlib import Path
from types import ModuleType

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

import run as bench_run
from harness import Case


def _modules(case_target: float, row_ratio: float) -> list[tuple[ModuleType, list]]:  # type: ignore[type-arg]
    """One module with a timed case (any ratio is within 1e9×, none within 1e-9×) and one with
    its own ``run()`` row of a given ratio against a target of 1×."""
    rows = ModuleType("bench_rows")
    rows.run = lambda: [("rows: a row", row_ratio, 1.0, row_ratio, "≤ 1")]  # type: ignore[attr-defined]

    def case() -> Case:
        return Case("case: a case", lambda: sum(range(100)), lambda: None, case_target)

    return [(ModuleType("bench_cases"), [case]), (rows, [])]


@pytest.mark.parametrize(("case_target", "row_ratio", "code"), [(1e9, 0.5, 0), (1e9, 2.0, 1), (1e-9, 0.5, 1)])
def test_strict_exit_code(monkeypatch: pytest.MonkeyPatch, case_target: float, row_ratio: float, code: int) -> None:
    monkeypatch.setattr(bench_run, "discover", lambda: _modules(case_target, row_ratio))
    assert bench_run.main(["--strict", "--repeat", "1"]) == code
    assert bench_run.main(["--repeat", "1"]) == 0
