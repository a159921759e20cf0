"""Township roll-up benchmarks (issue 5, floors and workers per issue 15), against floors
measured in the same run, over 1,000 *distinct* generated village reports (seeded answers; no
two files alike, so no cache is hit twice). Each time is the best of 3 and includes writing the
roll-up workbook:

- the roll-up (read back, re-scored, checked, ranked, quotas, 整转, workbook written) on every
  core (``aggregate(jobs=cores)``) against the peer a township clerk would script: pandas with
  python-calamine reading each village's 汇总 sheet and taking its 总分 (target ≤ 1×), and the
  same on one process (shown), and the speed-up of the workers (shown);
- the one-process roll-up against reading one zip member (the 数据 sheet) per file with zipfile
  (target ≤ 3);
- ``--big``: 20,000 reports (the 1,000 copied as other villages: the name in the 数据 sheet's
  assessment JSON changed and its checksum recomputed), made in a temporary folder that is deleted
  afterwards (about 550 MB); roll-ups of 1,000 / 5,000 / 10,000 / 20,000 of them, each in a fresh
  process: time per report against the 1,000 run (linear growth: ratio ≤ 1.5) and the process's
  peak RSS (20,000: target ≤ 300 MB).

The 1,000 reports are generated once (write_report, ≈70 ms each, in 2 processes) and cached in
the system temp folder, keyed by the rubric's SHA-256. pandas is in the ``bench`` extra.

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


def _roll_up(folders: list[Path], out: Path, jobs: int = 1) -> tuple[float, int]:
    """Seconds for the whole roll-up, the workbook written, and the villages counted."""
    from township_support import rubric

    from checklist.township import aggregate
    from checklist.township.workbook import write_rollup

    loaded = rubric()
    t = time.perf_counter()
    rollup = aggregate(folders, loaded, jobs=jobs)
    write_rollup(rollup, out, force=True)
    return time.perf_counter() - t, len(rollup.villages)


def peer_totals(files: list[Path]) -> dict[str, object]:
    """What a township clerk's script would do: pandas with python-calamine reading each
    village's 汇总 sheet and taking the number beside 总分 (trusting it, re-scoring nothing)."""
    import pandas as pd

    totals: dict[str, object] = {}
    for path in files:
        sheet = pd.read_excel(path, sheet_name="汇总", header=None, engine="calamine")
        row = sheet.index[sheet[0] == "总分"][0]
        totals[str(sheet.iat[3, 3])] = sheet.iat[row, 1]
    return totals


BIG_RUN = r"""
import sys
sys.path[:0] = [sys.argv[2], sys.argv[2] + "/tests", sys.argv[2] + "/bench"]
from bench_township import _roll_up
from pathlib import Path
seconds, villages = _roll_up([Path(p) for p in sys.argv[4:]], Path(sys.argv[1]), int(sys.argv[3]))
print(seconds, villages)
"""
BIG_SIZES = (1_000, 5_000, 10_000, BIG)


def _roll_up_child(folders: list[Path], out: Path, jobs: int = 1) -> tuple[float, int, float]:
    """(seconds, villages, peak RSS in MB) of a roll-up in a fresh process. The RSS is the
    child's ru_maxrss as os.wait4 returns it: the same accounting as
    getrusage(RUSAGE_CHILDREN), but for this child alone (RUSAGE_CHILDREN is the largest of
    every child reaped so far, the report generator's workers included)."""
    args = [sys.executable, "-c", BIG_RUN, str(out), str(ROOT), str(jobs), *map(str, folders)]
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
    from harness import best_of

    from checklist.township.workers import cores

    folder = reports_folder(reports)
    files = sorted(folder.glob("*.xlsx"))
    jobs = cores()
    rows: list[tuple[str, float, float, float, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "roll.xlsx"
        counted = _roll_up([folder], out)[1]
        assert counted == reports, counted
        serial = best_of(lambda: _roll_up([folder], out, 1))
        parallel = best_of(lambda: _roll_up([folder], out, jobs))
        assert len(peer_totals(files[:5])) == 5
        peer = best_of(lambda: peer_totals(files))

        def members() -> None:
            for path in files:
                with zipfile.ZipFile(path) as zf:
                    zf.read(DATA_MEMBER)

        member = best_of(members)
    name = f"township: roll-up of {reports} distinct reports"
    rows.append((f"{name}, {jobs} processes, s (vs pandas+calamine 汇总 totals)", parallel, peer, parallel / peer, "≤ 1"))
    rows.append((f"{name}, 1 process, s (vs pandas+calamine 汇总 totals)", serial, peer, serial / peer, ""))
    rows.append((f"{name}, {jobs} processes vs 1 process, s", parallel, serial, parallel / serial, ""))
    rows.append((f"{name}, 1 process, s (vs one zip member per file)", serial, member, serial / member, "≤ 3"))
    if big:
        rows += run_big(folder, jobs)
    return rows


def run_big(base: Path, jobs: int = 1) -> list[tuple[str, float, float, float, str]]:
    """Roll-ups of 1,000 / 5,000 / 10,000 / 20,000 re-labelled reports, each in a fresh process
    with ``jobs`` workers: ms per report against the 1,000 run (linear: ≤ 1.5) and peak RSS of
    the main process (20,000: ≤ 300 MB)."""
    rows: list[tuple[str, float, float, float, str]] = []
    with tempfile.TemporaryDirectory(prefix="checklist-bench-township-big-") as tmp:
        t = time.perf_counter()
        many = big_folder(BIG, base, Path(tmp))
        print(f"(made {BIG} re-labelled reports in {time.perf_counter() - t:.0f} s)", file=sys.stderr)
        subs = sorted(p for p in many.iterdir() if p.is_dir())
        measured: dict[int, tuple[float, float]] = {}
        for size in BIG_SIZES:
            seconds, villages, rss_mb = _roll_up_child(subs[: size // 1000], Path(tmp) / f"roll-{size}.xlsx", jobs)
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
            rows.append((f"township: {size} reports, peak RSS (MB) vs 300 MB", rss, 300.0, rss / 300, target))
    return rows


def main() -> None:
    args = [a for a in sys.argv[1:] if a != "--big"]
    reports = int(args[0]) if args else REPORTS
    for name, ours, floor, ratio, target in run(reports, big="--big" in sys.argv):
        print(f"{name}: {ours:.2f} vs {floor:.2f} (ratio {ratio:.3f}, target {target})")


if __name__ == "__main__":
    main()
