"""Benchmarks: one line each with name, our time, the floor measured in the same run, the
ratio and the target.

    .venv/bin/python bench/run.py                 # everything
    .venv/bin/python bench/run.py core            # only benchmarks whose module or name matches
    .venv/bin/python bench/run.py --repeat 15 core
    .venv/bin/python bench/run.py --list
    .venv/bin/python bench/run.py --strict        # exit 1 when a target is missed

Adding benchmarks: put a module ``bench/bench_<area>.py`` next to this file. Either

- decorate functions with ``@benchmark`` (from ``harness``): each does its set-up and returns
  ``Case(name, ours, floor, target, floor_label)``, where ``ours`` and ``floor`` are
  zero-argument callables timed here (best of ``--repeat``, alternately) and ``target`` is the
  largest acceptable ours / floor (see ``bench_core.py``); or
- define ``run()`` that measures by itself and returns rows ``(name, ours, floor, unit)`` or
  ``(name, ours, floor, ratio, target)``; they are printed in the same one-line shape.

Modules run in file-name order; ``harness.REGISTRY`` is the list of registered functions.
"""

from __future__ import annotations

import argparse
import importlib
import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from harness import REGISTRY, Case, line, measure  # noqa: E402

from checklist.cjk import pad  # noqa: E402


def discover() -> list[tuple[ModuleType, list[Callable[[], Case]]]]:
    """Each bench_*.py module with the functions it registered (none: it has its own run())."""
    found = []
    for path in sorted(HERE.glob("bench_*.py")):
        before = len(REGISTRY)
        module = importlib.import_module(path.stem)
        found.append((module, REGISTRY[before:]))
    return found


def _wanted(names: list[str], *labels: str) -> bool:
    return not names or any(n in label for n in names for label in labels)


def _target_ok(ratio: float, target: str) -> bool | None:
    """``"≤ 0.1"``-style targets; None when there is none to check."""
    found = re.fullmatch(r"\s*(≤|<=|<)\s*([0-9.]+)\s*×?\s*", target)
    if found is None:
        return None
    return ratio <= float(found.group(2)) if found.group(1) != "<" else ratio < float(found.group(2))


def module_lines(module: ModuleType) -> Iterator[tuple[str, bool | None]]:
    """Lines from a module's own ``run()`` rows, in the common shape."""
    rows: list[tuple[Any, ...]] = module.run()
    for row in rows:
        if len(row) == 4:
            name, ours, floor, unit = row
            ratio, target = (ours / floor if floor else float("inf")), ""
        else:
            name, ours, floor, ratio, target = row
            unit = ""
        ok = _target_ok(ratio, str(target))
        verdict = "" if ok is None else ("ok" if ok else "MISSED")
        shown_target = f"target {target}" if target else "target —"
        yield (
            f"{pad(name, 44)}  ours {ours:>9.3f}{unit}  floor {floor:>9.3f}{unit:<24}  "
            f"ratio {ratio:7.2f}×  {shown_target}  {verdict}".rstrip(),
            ok,
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmarks against floors measured in the same run.")
    parser.add_argument("names", nargs="*", help="run only benchmarks whose module or function name contains one")
    parser.add_argument("--repeat", type=int, default=7, help="best of this many samples (default 7)")
    parser.add_argument("--list", action="store_true", help="list the benchmarks and exit")
    parser.add_argument("--strict", action="store_true", help="exit 1 when any benchmark misses its target")
    args = parser.parse_args(argv)
    modules = discover()
    if args.list:
        for module, functions in modules:
            for fn in functions:
                if _wanted(args.names, module.__name__, fn.__name__):
                    print(f"{module.__name__}.{fn.__name__}: {(fn.__doc__ or '').strip().splitlines()[0]}")
            if not functions and hasattr(module, "run") and _wanted(args.names, module.__name__):
                print(f"{module.__name__}.run: {(module.__doc__ or '').strip().splitlines()[0]}")
        return 0
    print(f"Python {sys.version.split()[0]}, best of {args.repeat}", flush=True)
    missed = 0
    for module, functions in modules:
        for fn in functions:
            if not _wanted(args.names, module.__name__, fn.__name__):
                continue
            timing = measure(fn(), repeat=args.repeat)
            print(line(timing), flush=True)
            missed += not timing.ok
        if not functions and hasattr(module, "run") and _wanted(args.names, module.__name__):
            for text, ok in module_lines(module):
                print(text, flush=True)
                missed += ok is False
    return 1 if missed and args.strict else 0


if __name__ == "__main__":
    sys.exit(main())
