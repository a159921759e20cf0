"""The fault corpus, like tests/broken/ for rubrics: bad assessments (files in assessments/),
bad workbooks and bad previous roll-ups (real ones, exported with a fixed clock, then mutated
by the named builders below). Each case's exact output is in its ``.expected`` file: the exit
code, then every line the command printed to stderr, then what stdout says of the fault
(注意 lines, the checksum and the mismatches).

After a deliberate change of wording, rewrite them with
``CHECKLIST_REGEN_FAULTS=1 .venv/bin/pytest tests/faults/test_fault_corpus.py`` and read the diff.
"""

from __future__ import annotations

import os
import re
import shutil
import zipfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from fault_support import EXAMPLE, PARTIAL, ROOT
from fault_workbooks import dropped, members, renamed, replace_in, rewrite, swapped, tamper_data, truncated, write

from checklist.cli import main

HERE = Path(__file__).resolve().parent
ASSESSMENTS = sorted((HERE / "assessments").glob("*.json"))
REGEN = os.environ.get("CHECKLIST_REGEN_FAULTS") == "1"
NOW = datetime(2026, 3, 1, 9, 30)


def _invoke(args: list[str], cwd: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.chdir(cwd)
    run = CliRunner().invoke(main, args)
    assert run.exception is None or isinstance(run.exception, SystemExit), repr(run.exception)
    assert "Traceback" not in run.output
    out = run.stdout.splitlines()
    found = next((n for n, line in enumerate(out) if line.startswith("发现")), len(out))
    # what score and read say of a fault on stdout: 注意 lines, the checksum, the mismatches
    # (the 校验码 itself differs from run to run; its verdict on the checksum does not)
    notes = [
        line if line.startswith("注意：") else line.split("（")[-1].rstrip("）")
        for line in out[:found]
        if line.startswith(("注意：", "校验码："))
    ] + out[found:]
    return "\n".join([str(run.exit_code), *run.stderr.splitlines(), *notes]) + "\n"


def _check(expected: Path, got: str) -> None:
    if REGEN:
        expected.write_text(got, encoding="utf-8")
    assert expected.exists(), f"{expected.name} is missing (regenerate with CHECKLIST_REGEN_FAULTS=1)"
    assert got == expected.read_text(encoding="utf-8")
    code, *lines = got.splitlines()
    assert lines, "every fault says something"
    assert code == "1", "every fault in the corpus fails (score runs with --strict)"


def test_the_corpus_is_large_and_complete() -> None:
    assert len(ASSESSMENTS) >= 25 and len(WORKBOOKS) >= 15 and len(PREVIOUS) >= 6
    for folder, names in (("assessments", {p.stem for p in ASSESSMENTS}), ("workbooks", set(WORKBOOKS)), ("previous", set(PREVIOUS))):
        have = {p.stem for p in (HERE / folder).glob("*.expected")}
        assert have == names, f"{folder}: every case needs its .expected, and no orphans"


@pytest.mark.parametrize("path", ASSESSMENTS, ids=lambda p: p.stem)
def test_bad_assessment(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    got = _invoke(["score", "village-star", path.name, "--strict"], path.parent, monkeypatch)
    _check(path.with_suffix(".expected"), got)


# --- workbooks ---------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from checklist.assessment import read_assessment
    from checklist.report import write_report
    from checklist.rubric import load_rubric
    from checklist.scoring import score

    loaded = load_rubric(ROOT / "rubrics" / "village-star.yaml")
    a = read_assessment(EXAMPLE)
    target = tmp_path_factory.mktemp("exported") / "good.xlsx"
    return write_report(loaded.rubric, loaded.sha256, a, score(loaded.rubric, a), target, now=NOW)


def _data_sheet(path: Path) -> str:
    parts = members(path)
    return next(n for n, d in parts.items() if n.startswith("xl/worksheets/") and "数据1".encode() in d)


def _bomb(src: Path, dst: Path) -> Path:
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members(src).items():
            zf.writestr(name, data)
        zf.writestr("xl/media/bomb.bin", b"\0" * (80 * 1024 * 1024))
    return dst


def _entity_bomb(src: Path, dst: Path) -> Path:
    doc = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]><sst>&b;</sst>'
    return rewrite(src, dst, lambda p: {**p, _data_sheet(src): doc})


Build = Callable[[Path, Path], Path]
WORKBOOKS: dict[str, Build] = {
    "empty_file": lambda s, d: (d.write_bytes(b""), d)[1],
    "text_renamed_xlsx": lambda s, d: (d.write_text("村名,得分\n桃源村,90\n", encoding="utf-8"), d)[1],
    "truncated_half": lambda s, d: truncated(s, d, 0.5),
    "truncated_last_bytes": lambda s, d: truncated(s, d, 0.995),
    "data_sheet_dropped": lambda s, d: dropped(s, d, _data_sheet(s)),
    "workbook_xml_dropped": lambda s, d: dropped(s, d, "xl/workbook.xml"),
    "data_sheet_renamed": lambda s, d: renamed(s, d, _data_sheet(s), "xl/worksheets/moved.xml"),
    "rels_renamed": lambda s, d: renamed(s, d, "xl/_rels/workbook.xml.rels", "xl/_rels/other.rels"),
    "data_and_summary_swapped": lambda s, d: swapped(s, d, _data_sheet(s), "xl/worksheets/sheet1.xml"),
    "payload_tampered": tamper_data,
    "checksum_tampered": lambda s, d: rewrite(s, d, _checksum_off),
    "format_changed": lambda s, d: rewrite(
        s, d, lambda p: replace_in(p, b"checklist-report/1", b"checklist-report/9")
    ),
    "zip_bomb_member": _bomb,
    "xml_entity_bomb": _entity_bomb,
    "garbage_sheet_xml": lambda s, d: rewrite(s, d, lambda p: {**p, _data_sheet(s): b"\x00\xff<<<not xml"}),
    "only_a_mimetype": lambda s, d: write(d, {"mimetype": b"application/zip"}),
}


def _checksum_off(parts: dict[str, bytes]) -> dict[str, bytes]:
    """One hex digit of the stored checksum changed (the payload left as it was)."""
    for name, data in parts.items():
        found = re.search(rb"[0-9a-f]{64}", data)
        if found is not None and name.startswith("xl/"):
            digest = found.group(0)
            flipped = (b"0" if digest[:1] != b"0" else b"1") + digest[1:]
            return {**parts, name: data.replace(digest, flipped, 1)}
    raise AssertionError("no checksum found")


@pytest.mark.parametrize("name", sorted(WORKBOOKS))
def test_bad_workbook(name: str, exported: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bad = WORKBOOKS[name](exported, tmp_path / f"{name}.xlsx")
    got = _invoke(["read", bad.name], tmp_path, monkeypatch)
    _check(HERE / "workbooks" / f"{name}.expected", got)


# --- previous roll-ups -------------------------------------------------------------------------


@pytest.fixture(scope="session")
def rolled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from checklist.rubric import load_rubric
    from checklist.township import aggregate
    from checklist.township.workbook import write_rollup

    loaded = load_rubric(ROOT / "rubrics" / "village-star.yaml")
    folder = tmp_path_factory.mktemp("rolled")
    return write_rollup(aggregate([EXAMPLE, PARTIAL], loaded, now=NOW), folder / "last-year.xlsx")


PREVIOUS: dict[str, Build] = {
    "a_village_report": lambda s, d: d,  # the village's exported workbook, copied by the test
    "not_a_zip": lambda s, d: (d.write_text("上年汇总", encoding="utf-8"), d)[1],
    "truncated": lambda s, d: truncated(s, d, 0.6),
    "data_sheet_dropped": lambda s, d: dropped(s, d, "xl/workbook.xml"),
    "checksum_broken": lambda s, d: rewrite(s, d, _checksum_off),
    "zip_bomb_member": _bomb,
    "empty_file": lambda s, d: (d.write_bytes(b""), d)[1],
}


@pytest.mark.parametrize("name", sorted(PREVIOUS))
def test_bad_previous_rollup(name: str, rolled: Path, exported: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = exported if name == "a_village_report" else rolled
    target = tmp_path / f"{name}.xlsx"
    bad = shutil.copy(source, target) if name == "a_village_report" else PREVIOUS[name](rolled, target)
    got = _invoke(
        ["aggregate", "--rubric", "village-star", "--previous", Path(bad).name, str(EXAMPLE), "-o", "out.xlsx"],
        tmp_path,
        monkeypatch,
    )
    _check(HERE / "previous" / f"{name}.expected", got)
    assert not (tmp_path / "out.xlsx").exists()
