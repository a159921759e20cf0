"""The benchmark registry and timer shared by ``bench/run.py`` and the ``bench_*.py`` modules.

A benchmark is a function registered with ``@benchmark``. It does its (untimed) set-up and
returns a ``Case``: what we time (``ours``), the floor it is compared with, measured in the same
run (``floor``), and the target ratio ours / floor. Both are called with no arguments; their
results are ignored.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from dataclasses import dataclass

from checklist.cjk import pad


@dataclass
class Case:
    name: str
    ours: Callable[[], object]
    floor: Callable[[], object]
    target: float  # ours / floor must be at most this
    floor_label: str = ""


@dataclass
class Timing:
    case: Case
    ours: float  # seconds per call, best of the repetitions
    floor: float

    @property
    def ratio(self) -> float:
        return self.ours / self.floor if self.floor else float("inf")

    @property
    def ok(self) -> bool:
        return self.ratio <= self.case.target


REGISTRY: list[Callable[[], Case]] = []


def benchmark(fn: Callable[[], Case]) -> Callable[[], Case]:
    """Register a benchmark function (in the order modules define them)."""
    REGISTRY.append(fn)
    return fn


def _calls_for(fn: Callable[[], object], budget: float) -> int:
    """How many calls make one timed sample last about ``budget`` seconds (at least one)."""
    start = time.perf_counter()
    fn()
    once = time.perf_counter() - start
    return max(1, int(budget / once)) if once > 0 else 1000


def _sample(fn: Callable[[], object], calls: int) -> float:
    start = time.perf_counter()
    for _ in range(calls):
        fn()
    return (time.perf_counter() - start) / calls


def measure(case: Case, repeat: int = 7, budget: float = 0.05) -> Timing:
    """Best-of-``repeat`` time per call for ours and the floor, sampled alternately so that a
    busy machine slows both alike. The garbage collector stays on (as it is when the tool
    runs: building many objects costs collections, and that is part of our time); it is
    emptied before each sample so that one sample's garbage is not billed to the next."""
    n_ours = _calls_for(case.ours, budget)
    n_floor = _calls_for(case.floor, budget)
    best_ours = best_floor = float("inf")
    for _ in range(repeat):
        gc.collect()
        best_ours = min(best_ours, _sample(case.ours, n_ours))
        gc.collect()
        best_floor = min(best_floor, _sample(case.floor, n_floor))
    return Timing(case, best_ours, best_floor)


def best_of(fn: Callable[[], object], repeat: int = 3) -> float:
    """Seconds of the fastest of ``repeat`` calls (for long runs: one call is one sample)."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def show_time(seconds: float) -> str:
    if seconds >= 1:
        return f"{seconds:.2f} s"
    if seconds >= 1e-3:
        return f"{seconds * 1e3:.1f} ms"
    return f"{seconds * 1e6:.1f} µs"


def line(t: Timing, width: int = 44) -> str:
    """name, ours, floor, ratio, target: one line per benchmark."""
    floor = show_time(t.floor) + (f" ({t.case.floor_label})" if t.case.floor_label else "")
    verdict = "ok" if t.ok else "MISSED"
    return (
        f"{pad(t.case.name, width)}  ours {show_time(t.ours):>9}  floor {floor:<34}  "
        f"ratio {t.ratio:7.2f}×  target ≤ {t.case.target:g}×  {verdict}"
    )
