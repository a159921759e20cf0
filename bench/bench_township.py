"""Township roll-up benchmarks (issue 5), against floors measured in the same run:

- ``aggregate`` of 1,000 generated village reports (read back, re-scored, ranked, quotas, 整转)
  including writing the roll-up workbook, against openpyxl ``load_workbook`` of the same files
  (target: ours at least 10× faster, i.e. ratio ≤ 0.1);
- the same run against reading one zip member (the 数据 sheet) per file with zipfile (target:
  ratio ≤ 3);
- ``--big``: 20,000 reports (the 1,000 copied as other villages: the name in the 数据 sheet's
  assessment JSON changed and its checksum recomputed), made in a temporary folder that is deleted
  afterwards (about 550 MB); roll-ups of 1,000 / 5,000 / 10,000 / 20,000 of them, each in a fresh
  process: time per report against the 1,000 run (linear growth: ratio ≤ 1.5) and the process's
  peak RSS (20,000: target ≤ 500 MB).

The 1,000 reports are generated once (write_report, ≈70 ms each, in 2 processes) and cached in
the system temp folder, keyed by the rubric's SHA-256.

``run()`` returns rows ``(name, ours, floor, ratio, target)``. Alone:
``python bench/bench_township.py [--big] [N_REPORTS]``.
"""

from __future__ import annotations

import html
import io
import json
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
from xml.sax.saxutils import escape

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


def _data_member(source: Path) -> str:
    """The zip member of the 数据 sheet (the fourth sheet today; looked up, not assumed)."""
    from checklist.xlsx.datasheet import SHEET
    from checklist.xlsx.package import Package

    with Package(source) as pkg:
        return pkg.sheets()[SHEET][0]


_CELL = re.compile(r'(<c r="B(\d+)"[^>]*><is><t[^>]*>)([^<]*)(</t></is></c>)')


def _relabelled(data_xml: str, suffix: str) -> str:
    """The 数据 sheet's XML with the village renamed (``村`` + suffix) inside the embedded
    assessment JSON, the chunks re-cut and the checksum recomputed as checklist.xlsx.datasheet does."""
    from checklist.xlsx.datasheet import ROW_CHECKSUM, ROW_CHUNKS, ROW_FIRST_CHUNK, checksum, chunks

    cells = {int(m.group(2)): html.unescape(m.group(3)) for m in _CELL.finditer(data_xml)}
    count = int(cells[ROW_CHUNKS])
    text = "".join(cells[ROW_FIRST_CHUNK + n] for n in range(count))
    assert checksum(text) == cells[ROW_CHECKSUM], "source report's checksum is already broken"
    old = json.loads(text)["assessment"]["village"]
    before = '"village":' + json.dumps(old, ensure_ascii=False)
    after = '"village":' + json.dumps(old + suffix, ensure_ascii=False)
    assert text.count(before) == 1, before
    text = text.replace(before, after)
    parts = chunks(text)
    assert len(parts) == count, "renaming changed the number of chunks"
    values = {ROW_CHECKSUM: checksum(text)} | {ROW_FIRST_CHUNK + n: part for n, part in enumerate(parts)}

    def put(m: re.Match[str]) -> str:
        row = int(m.group(2))
        return m.group(1) + escape(values[row]) + m.group(4) if row in values else m.group(0)

    return _CELL.sub(put, data_xml)


def _relabel(source: Path, targets: list[tuple[Path, str]]) -> None:
    """Copies of a report as other villages (the 村 name in the 数据 sheet's assessment JSON
    changed, its checksum recomputed), so 20,000 reports are 20,000 distinct villages. The
    other members are compressed once per source: each copy appends only its 数据 sheet."""
    member = _data_member(source)
    with zipfile.ZipFile(source) as zin:
        data_xml = zin.read(member).decode("utf-8")
        data_info = zin.getinfo(member)
        base = io.BytesIO()
        with zipfile.ZipFile(base, "w", zipfile.ZIP_DEFLATED) as zbase:
            for info in zin.infolist():
                if info.filename != member:
                    zbase.writestr(info, zin.read(info))
    template = base.getvalue()
    for target, suffix in targets:
        copy = io.BytesIO(template)
        with zipfile.ZipFile(copy, "a", zipfile.ZIP_DEFLATED) as zout:
            zout.writestr(data_info, _relabelled(data_xml, suffix).encode("utf-8"))
        target.write_bytes(copy.getvalue())


def big_folder(count: int, base: Path, parent: Path) -> Path:
    """``count`` reports under ``parent`` (sub-folders 00, 01 … of 1,000 each); the caller
    deletes ``parent`` (20,000 reports are about 600 MB)."""
    folder = parent / "big"
    sources = sorted(base.glob("*.xlsx"))
    plan: dict[Path, list[tuple[Path, str]]] = {src: [] for src in sources}
    for n in range(count):
        sub = folder / f"{n // 1000:02d}"
        sub.mkdir(parents=True, exist_ok=True)
        plan[sources[n % len(sources)]].append((sub / f"{n:05d}.xlsx", f"-{n // len(sources)}"))
    for src, targets in plan.items():
        if targets:
            _relabel(src, targets)
    return folder


def _roll_up(folders: list[Path], out: Path) -> tuple[float, int]:
    from township_support import rubric

    from checklist.township import aggregate
    from checklist.township.workbook import write_rollup

    loaded = rubric()
    t = time.perf_counter()
    rollup = aggregate(folders, loaded)
    write_rollup(rollup, out, force=True)
    return time.perf_counter() - t, len(rollup.villages)


BIG_RUN = r"""
import sys
sys.path[:0] = [sys.argv[2], sys.argv[2] + "/tests", sys.argv[2] + "/bench"]
from bench_township import _roll_up
from pathlib import Path
seconds, villages = _roll_up([Path(p) for p in sys.argv[3:]], Path(sys.argv[1]))
print(seconds, villages)
"""
BIG_SIZES = (1_000, 5_000, 10_000, BIG)


def _roll_up_child(folders: list[Path], out: Path) -> tuple[float, int, float]:
    """(seconds, villages, peak RSS in MB) of a roll-up in a fresh process. The RSS is the
    child's ru_maxrss as os.wait4 returns it: the same accounting as
    getrusage(RUSAGE_CHILDREN), but for this child alone (RUSAGE_CHILDREN is the largest of
    every child reaped so far, the report generator's workers included)."""
    args = [sys.executable, "-c", BIG_RUN, str(out), str(ROOT), *map(str, folders)]
    with tempfile.TemporaryFile("w+") as err:
        proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=err, text=True)
        assert proc.stdout is not None
        stdout = proc.stdout.read()
        proc.stdout.close()
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            err.seek(0)
            raise RuntimeError(f"roll-up child failed ({proc.returncode}):\n{err.read()[-2000:]}")
    seconds, villages = stdout.split()
    return float(seconds), int(villages), usage.ru_maxrss / 1024  # KB on Linux


def run(reports: int = REPORTS, big: bool = False) -> list[tuple[str, float, float, float, str]]:
    from openpyxl import load_workbook

    folder = reports_folder(reports)
    files = sorted(folder.glob("*.xlsx"))
    rows: list[tuple[str, float, float, float, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        ours, counted = _roll_up([folder], Path(tmp) / "roll.xlsx")
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
        rows += run_big(folder)
    return rows


def run_big(base: Path) -> list[tuple[str, float, float, float, str]]:
    """Roll-ups of 1,000 / 5,000 / 10,000 / 20,000 re-labelled reports, each in a fresh process:
    ms per report against the 1,000 run (linear: ≤ 1.5) and peak RSS (20,000: ≤ 500 MB)."""
    rows: list[tuple[str, float, float, float, str]] = []
    with tempfile.TemporaryDirectory(prefix="checklist-bench-township-big-") as tmp:
        t = time.perf_counter()
        many = big_folder(BIG, base, Path(tmp))
        print(f"(made {BIG} re-labelled reports in {time.perf_counter() - t:.0f} s)", file=sys.stderr)
        subs = sorted(p for p in many.iterdir() if p.is_dir())
        measured: dict[int, tuple[float, float]] = {}
        for size in BIG_SIZES:
            seconds, villages, rss_mb = _roll_up_child(subs[: size // 1000], Path(tmp) / f"roll-{size}.xlsx")
            assert villages == size, (villages, size)
            measured[size] = (seconds / size * 1000, rss_mb)
            print(f"({size} reports: {seconds:.1f} s, peak RSS {rss_mb:.0f} MB)", file=sys.stderr)
        per_small = measured[BIG_SIZES[0]][0]
        for size in BIG_SIZES[1:]:
            per, _ = measured[size]
            rows.append(
                (f"township: {size} reports, ms per report vs {BIG_SIZES[0]}", per, per_small, per / per_small, "≤ 1.5")
            )
        for size in BIG_SIZES:
            rss = measured[size][1]
            target = "≤ 1" if size == BIG else ""
            rows.append((f"township: {size} reports, peak RSS (MB) vs 500 MB", rss, 500.0, rss / 500, target))
    return rows


def main() -> None:
    args = [a for a in sys.argv[1:] if a != "--big"]
    reports = int(args[0]) if args else REPORTS
    for name, ours, floor, ratio, target in run(reports, big="--big" in sys.argv):
        print(f"{name}: {ours:.2f} vs {floor:.2f} (ratio {ratio:.3f}, target {target})")


if __name__ == "__main__":
    main()
