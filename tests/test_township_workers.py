"""The roll-up on every core (issue 15 §2): worker processes, started the way Windows starts them
(spawn), give the same roll-up and the same workbook as one process; ``--jobs`` refuses in Chinese."""

from __future__ import annotations

import os
import re
import zipfile
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from python_calamine import CalamineWorkbook
from township_support import rubric, township, write_inputs

from checklist.cli import main
from checklist.township import aggregate, workers
from checklist.township.workbook import write_rollup
from checklist.xlsx import datasheet

NOW = datetime(2026, 12, 1, 9, 30)


def _pid(chunk: list[int]) -> list[tuple[int, int]]:
    return [(n, os.getpid()) for n in chunk]


@pytest.fixture
def spawn(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workers, "START_METHOD", "spawn")


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """24 villages (10 workbooks, 14 assessment files), a broken file and a duplicate."""
    base = tmp_path_factory.mktemp("workers") / "villages"
    loaded = rubric()
    villages = township(seed=15, count=24)
    paths = write_inputs(villages, base, 10, loaded)
    (base / "坏文件.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")
    first = next(iter(paths.values()))
    (base / f"重复-{first.name}").write_bytes(first.read_bytes())
    return base


def _parts(path: Path) -> dict[str, bytes]:
    """Every part of the package; docProps/core.xml without its save time (openpyxl stamps it)."""
    with zipfile.ZipFile(path) as zf:
        parts = {name: zf.read(name) for name in zf.namelist()}
    core = parts["docProps/core.xml"].decode()
    start = core.index("<dcterms:modified")
    end = core.index("</dcterms:modified>") + len("</dcterms:modified>")
    parts["docProps/core.xml"] = (core[:start] + core[end:]).encode()
    return parts


def _cells(path: Path) -> dict[str, list[list[object]]]:
    book = CalamineWorkbook.from_path(str(path))
    return {name: book.get_sheet_by_name(name).to_python() for name in book.sheet_names}


def test_map_chunks_runs_in_workers_and_keeps_order(spawn: None) -> None:
    got = list(workers.map_chunks(_pid, list(range(40)), 2))
    assert [n for n, _ in got] == list(range(40))
    assert os.getpid() not in {pid for _, pid in got}


def test_two_workers_give_the_same_rollup_and_workbook(spawn: None, folder: Path, tmp_path: Path) -> None:
    loaded = rubric()
    one = aggregate([folder], loaded, now=NOW, jobs=1)
    two = aggregate([folder], loaded, now=NOW, jobs=2)
    assert len(one.villages) == 24 and len(one.problems) >= 2
    assert [(v.township, v.village, v.rank, v.final, v.scores, v.rectify, v.doubts) for v in two.villages] == [
        (v.township, v.village, v.rank, v.final, v.scores, v.rectify, v.doubts) for v in one.villages
    ]
    assert two.problems == one.problems
    a = write_rollup(one, tmp_path / "一个进程.xlsx")
    b = write_rollup(two, tmp_path / "两个进程.xlsx")
    assert _parts(a) == _parts(b)
    assert _cells(a) == _cells(b)


def test_cli_jobs_writes_what_one_process_writes(spawn: None, folder: Path, tmp_path: Path) -> None:
    outs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"汇总{jobs}.xlsx"
        got = CliRunner().invoke(
            main, ["aggregate", str(folder), "--rubric", "village-star", "--jobs", jobs, "-o", str(out),
                   "--notice-start", "2026-12-02"]
        )
        assert got.exit_code == 0, got.output
        outs.append(out)
    assert _undated(_cells(outs[0])) == _undated(_cells(outs[1]))


def _undated(cells: dict[str, list[list[object]]]) -> dict[str, list[list[object]]]:
    """The CLI stamps the roll-up with the time it ran, and two runs may straddle a minute: the
    visible sheets without that time (the hidden 数据 sheet carries it, and its checksum)."""
    stamp = re.compile(r"生成时间：[^　\n]*")
    return {
        name: [[stamp.sub("生成时间：", v) if isinstance(v, str) else v for v in row] for row in rows]
        for name, rows in cells.items()
        if name != datasheet.SHEET
    }


@pytest.mark.parametrize("value", ["0", "-3", "两个"])
def test_cli_jobs_must_be_a_positive_number_said_in_chinese(folder: Path, tmp_path: Path, value: str) -> None:
    got = CliRunner().invoke(
        main, ["aggregate", str(folder), "--rubric", "village-star", "--jobs", value, "-o", str(tmp_path / "x.xlsx")]
    )
    assert got.exit_code == 2
    assert "--jobs" in got.output and "进程数" in got.output and value in got.output
    assert "Invalid" not in got.output and "is not" not in got.output
    assert not (tmp_path / "x.xlsx").exists()
