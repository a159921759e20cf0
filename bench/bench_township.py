"""Township roll-up benchmarks (issue 5), against floors measured in the same run:

- ``aggregate`` of 1,000 generated village reports (read back, re-scored, ranked, quotas, 整转)
  including writing the roll-up workbook, against openpyxl ``load_workbook`` of the same files
  (target: ours at least 10× faster, i.e. ratio ≤ 0.1);
- the same run against reading one zip member (the 数据 sheet) per file with zipfile (target:
  ratio ≤ 3);
- ``--big``: 20,000 reports (the 1,000 re-labelled as other villages, checksums recomputed), time
  per report against the 1,000 run (linear growth: ratio ≤ 1.5) and peak RSS of the whole run in a
  subprocess (target ≤ 500 MB).

The 1,000 reports are generated once (write_report, ≈70 ms each, in 2 processes) and cached in
the system temp folder, keyed by the rubric's SHA-256.

``run()`` returns rows ``(name, ours, floor, ratio, target)``. Alone:
``python bench/bench_township.py [--big] [N_REPORTS]``.
"""

from __future__ import annotations

import hashlib
import html
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for extra in (ROOT, ROOT / "tests"):
    if str(extra) not in sys.path:
        sys.path.insert(0, str(extra))

REPORTS = 1000
BIG = 20_000
DATA_MEMBER = "xl/worksheets/sheet4.xml"  # 数据, the fourth sheet of a village report


def _write_batch(args: tuple[int, int, str]) -> int:
    start, stop, folder = args
    from township_support import rubric, township, write_inputs

    loaded = rubric()
    villages = township(seed=4242, count=stop)[start:stop]
    write_inputs(villages, Path(folder), len(villages), loaded)
    return len(villages)


def reports_folder(count: int) -> Path:
    from township_support import rubric

    sha = rubric().sha256[:12]
    folder = Path(tempfile.gettempdir()) / f"checklist-bench-township-{sha}-{count}"
    done = folder / ".complete"
    if done.exists():
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    workers = max(1, min(4, os.cpu_count() or 1))
    step = -(-count // workers)
    batches = [(s, min(count, s + step), str(folder)) for s in range(0, count, step)]
    with ProcessPoolExecutor(workers) as pool:
        assert sum(pool.map(_write_batch, batches)) == count
    done.write_text("ok", encoding="utf-8")
    return folder


def _relabel(source: Path, target: Path, suffix: str) -> None:
    """A copy of a report as another village (the name in every shared string changed, the
    数据 checksum recomputed), so 20,000 reports are 20,000 distinct villages."""
    with zipfile.ZipFile(source) as zin:
        strings = zin.read("xl/sharedStrings.xml").decode("utf-8")
        names = re.findall(r"第\d{3,}村", strings)
        old = names[0]
        new = old + suffix
        strings = strings.replace(old, new)
        chunks = re.findall(r'<t[^>]*>(\{(?:&quot;|")assessment(?:&quot;|").*?)</t>', strings, re.S)
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
            text = html.unescape("".join(chunks))
            old_sum = re.search(r"<t[^>]*>([0-9a-f]{64})</t>", strings)
            if old_sum is not None:
                strings = strings.replace(old_sum.group(1), hashlib.sha256(text.encode("utf-8")).hexdigest())
            for info in zin.infolist():
                data = strings.encode("utf-8") if info.filename == "xl/sharedStrings.xml" else zin.read(info)
                zout.writestr(info, data)


def big_folder(count: int, base: Path) -> Path:
    folder = Path(tempfile.gettempdir()) / f"checklist-bench-township-big-{base.name[-20:]}-{count}"
    done = folder / ".complete"
    if done.exists():
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    sources = sorted(base.glob("*.xlsx"))
    for n in range(count):
        sub = folder / f"{n // 1000:02d}"
        sub.mkdir(parents=True, exist_ok=True)
        src = sources[n % len(sources)]
        _relabel(src, sub / f"{n:05d}.xlsx", f"-{n // len(sources)}")
    done.write_text("ok", encoding="utf-8")
    return folder


def _roll_up(folder: Path, out: Path) -> tuple[float, int]:
    from township_support import rubric

    from checklist.township import aggregate
    from checklist.township.workbook import write_rollup

    loaded = rubric()
    t = time.perf_counter()
    rollup = aggregate([folder], loaded)
    write_rollup(rollup, out, force=True)
    return time.perf_counter() - t, len(rollup.villages)


BIG_RUN = r"""
import resource, sys, time
sys.path[:0] = [sys.argv[3], sys.argv[3] + "/tests", sys.argv[3] + "/bench"]
from bench_township import _roll_up
from pathlib import Path
seconds, villages = _roll_up(Path(sys.argv[1]), Path(sys.argv[2]))
print(seconds, villages, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def run(reports: int = REPORTS, big: bool = False) -> list[tuple[str, float, float, float, str]]:
    from openpyxl import load_workbook

    folder = reports_folder(reports)
    files = sorted(folder.glob("*.xlsx"))
    rows: list[tuple[str, float, float, float, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        ours, counted = _roll_up(folder, Path(tmp) / "roll.xlsx")
        assert counted == reports, counted
        t = time.perf_counter()
        for path in files:
            load_workbook(path)
        openpyxl_s = time.perf_counter() - t
        t = time.perf_counter()
        for path in files:
            with zipfile.ZipFile(path) as zf:
                zf.read(DATA_MEMBER)
        member_s = time.perf_counter() - t
        rows.append(
            (
                f"township: roll-up of {reports} reports vs openpyxl load_workbook (s)",
                ours,
                openpyxl_s,
                ours / openpyxl_s,
                "≤ 0.1",
            )
        )
        rows.append(
            (
                f"township: roll-up of {reports} reports vs one zip member per file (s)",
                ours,
                member_s,
                ours / member_s,
                "≤ 3",
            )
        )
        if big:
            many = big_folder(BIG, folder)
            run_ = subprocess.run(
                [sys.executable, "-c", BIG_RUN, str(many), str(Path(tmp) / "big.xlsx"), str(ROOT)],
                capture_output=True,
                text=True,
                check=True,
            )
            seconds, villages, rss_kb = run_.stdout.split()
            assert int(villages) == BIG, villages
            per_big, per_small = float(seconds) / BIG, ours / reports
            rows.append(
                (
                    f"township: {BIG} reports, ms per report vs {reports}",
                    per_big * 1000,
                    per_small * 1000,
                    per_big / per_small,
                    "≤ 1.5",
                )
            )
            rows.append(
                (
                    f"township: {BIG} reports, peak RSS (MB) vs limit",
                    int(rss_kb) / 1024,
                    500.0,
                    int(rss_kb) / 1024 / 500,
                    "≤ 1",
                )
            )
    return rows


def main() -> None:
    args = [a for a in sys.argv[1:] if a != "--big"]
    reports = int(args[0]) if args else REPORTS
    for name, ours, floor, ratio, target in run(reports, big="--big" in sys.argv):
        print(f"{name}: {ours:.2f} vs {floor:.2f} (ratio {ratio:.3f}, target {target})")


if __name__ == "__main__":
    main()
