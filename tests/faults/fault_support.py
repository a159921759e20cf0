"""Shared by tests/faults/: run the real ``checklist`` in a subprocess (so a traceback, a
hang or a memory blow-up shows as it would to a user), and make hostile inputs."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "village-star-complete.json"
PARTIAL = ROOT / "examples" / "village-star-partial.json"
RUBRIC = ROOT / "rubrics" / "village-star.yaml"
MB = 1024 * 1024
RSS_LIMIT_MB = 200


@dataclass
class Run:
    code: int
    out: str
    err: str
    rss_mb: float

    @property
    def text(self) -> str:
        return self.out + self.err


_PROBE = """
import json, resource, subprocess, sys
fsize, timeout, args = json.loads(sys.argv[1])
if fsize is not None:
    resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))
try:
    p = subprocess.run(args, capture_output=True, timeout=timeout, stdin=subprocess.DEVNULL)
    code, out, err = p.returncode, p.stdout, p.stderr
except subprocess.TimeoutExpired as exc:
    code, out, err = "hung", exc.stdout or b"", exc.stderr or b""
rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(json.dumps([code, out.decode("utf-8", "replace"), err.decode("utf-8", "replace"), rss]))
"""

PEAKS: list[float] = []  # every measured run's peak RSS (MB), for the README's table


def cli(*args: str | Path, timeout: float = 60, fsize: int | None = None) -> Run:
    """``python -m checklist ARGS`` in a fresh parent that measures its peak RSS (the only
    child it has); ``fsize`` sets ``ulimit -f`` in bytes. stdin is /dev/null (no terminal)."""
    spec = json.dumps([fsize, timeout, [sys.executable, "-m", "checklist", *map(str, args)]])
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, spec], capture_output=True, text=True, cwd=ROOT, timeout=timeout + 30
    )
    assert done.returncode == 0, done.stderr[-2000:]
    code, out, err, rss = json.loads(done.stdout)
    assert code != "hung", f"checklist {' '.join(map(str, args))} hung:\n{err[-2000:]}"
    PEAKS.append(rss)
    assert rss <= RSS_LIMIT_MB, f"peak RSS {rss:.0f} MB > {RSS_LIMIT_MB} MB: {args}"
    return Run(code, out, err, rss)


def clean_failure(run: Run) -> str:
    """Exit 1, a Chinese message on stderr, nothing else: no traceback, no English noise."""
    assert "Traceback" not in run.text, run.text[-3000:]
    assert "Exception ignored" not in run.text, run.text[-3000:]
    assert "Error" not in run.err, run.err[-3000:]
    assert run.code == 1, (run.code, run.text[-3000:])
    assert run.err.strip(), "no message"
    return run.err.strip()


def example_data(path: Path = EXAMPLE) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def write_json(path: Path, data: Any) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def can_unshare() -> bool:
    if shutil.which("unshare") is None:
        return False
    probe = subprocess.run(
        ["unshare", "-rm", "sh", "-c", "d=$(mktemp -d) && mount -t tmpfs -o size=64k tmpfs $d && umount $d"],
        capture_output=True,
    )
    return probe.returncode == 0


def on_small_disk(folder: Path, script: str, size: str = "1m", timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """``script`` (sh) in a private mount namespace where ``folder`` is a tmpfs of ``size``:
    a real full disk or a real read-only disk (``mount -o remount,ro``), seen only by it."""
    folder.mkdir(parents=True, exist_ok=True)
    cmd = f"mount -t tmpfs -o size={size} tmpfs {folder} && {script}"
    env = {**os.environ, "CL": f"{sys.executable} -m checklist"}
    return subprocess.run(
        ["unshare", "-rm", "sh", "-c", cmd], capture_output=True, text=True, env=env, cwd=ROOT, timeout=timeout
    )
