"""One-shot commands (issue 15 §3), each a whole process from start to exit, against the
libraries it truly needs, also as a whole process, in the same run:

- ``checklist --help`` vs ``python -c "import click"`` (target ≤ 1.2×): the help needs click
  and our command table, nothing else;
- ``checklist score``, ``validate`` and ``read`` vs ``python -c "import click, pydantic, yaml"``
  (target ≤ 1.5×): they parse YAML into pydantic models behind a click command line. That floor
  imports pydantic's package only (pydantic loads its model machinery on first use), so it is a
  hard floor; a second, informational row compares with a process that also defines one
  pydantic model (what any use of pydantic costs).

Pairs run alternately, best of ``REPEAT`` (≥ 5) wall-clock seconds; bytecode is compiled once
beforehand, as a wheel install does (``PYTHONDONTWRITEBYTECODE`` is dropped for the children).
``run()`` returns rows ``(name, ours, floor, ratio, target)`` in milliseconds.
Alone: ``python bench/bench_cli.py``.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

REPEAT = 9
EXAMPLE = ROOT / "examples" / "village-star-complete.json"
RUBRIC = ROOT / "rubrics" / "village-star.yaml"
CLICK = "import click"
LIBRARIES = "import click, pydantic, yaml"
ONE_MODEL = "import click, yaml\nfrom pydantic import BaseModel\nclass M(BaseModel):\n    x: int = 0\nM(x=1)"


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CHECKLIST_")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def _once(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, cwd=ROOT, check=False)
    return time.perf_counter() - start


def best_pair(ours: list[str], floor: list[str], repeat: int, env: dict[str, str]) -> tuple[float, float]:
    """Best-of-``repeat`` milliseconds of each, run alternately so that load slows both alike."""
    _once(ours, env)  # compile bytecode, warm the file cache
    _once(floor, env)
    a = b = float("inf")
    for _ in range(repeat):
        a = min(a, _once(ours, env))
        b = min(b, _once(floor, env))
    return a * 1000, b * 1000


def _workbook(folder: Path) -> Path:
    from checklist.assessment import read_assessment
    from checklist.report import write_report
    from checklist.rubric import load_rubric
    from checklist.scoring import score

    loaded = load_rubric(RUBRIC)
    assessment = read_assessment(EXAMPLE)
    target = folder / "自评表.xlsx"
    write_report(loaded.rubric, loaded.sha256, assessment, score(loaded.rubric, assessment), target)
    return target


def run(repeat: int = REPEAT) -> list[tuple[str, float, float, float, str]]:
    py = sys.executable
    env = _env()
    me = [py, "-m", "checklist"]
    rows: list[tuple[str, float, float, float, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        workbook = _workbook(Path(tmp))
        ours, floor = best_pair([*me, "--help"], [py, "-c", CLICK], repeat, env)
        rows.append(("cli: checklist --help, ms (vs import click)", ours, floor, ours / floor, "≤ 1.2"))
        commands = {
            "score": ["score", "village-star", str(EXAMPLE)],
            "validate": ["validate", str(RUBRIC)],
            "read": ["read", str(workbook)],
        }
        for name, args in commands.items():
            ours, floor = best_pair([*me, *args], [py, "-c", LIBRARIES], repeat, env)
            rows.append((f"cli: checklist {name}, ms (vs import click, pydantic, yaml)", ours, floor, ours / floor, "≤ 1.5"))
            _, model = best_pair([*me, *args], [py, "-c", ONE_MODEL], max(3, repeat // 2), env)
            rows.append((f"cli: checklist {name}, ms (vs same + one pydantic model)", ours, model, ours / model, ""))
    return rows


if __name__ == "__main__":
    from checklist.cjk import pad

    for name, ours_, floor_, ratio, target in run():
        print(f"{pad(name, 58)}ours {ours_:8.1f}  floor {floor_:8.1f}  ratio {ratio:5.2f}×  target {target or '—'}")
