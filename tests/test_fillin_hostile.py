"""Hostile files given to ``import`` and to ``aggregate``: a zip bomb (honest and lying sizes), an
XML entity bomb, a 1,000,000-row sheet, a workbook of another rubric, formulas in answer cells, a
CSV renamed .xlsx. Each is refused with a reason, in a subprocess whose peak RSS (measured with
resource.getrusage(RUSAGE_CHILDREN) by a wrapper process) stays within 200 MB."""

from __future__ import annotations

import functools
import json
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

import pytest
from fillin_support import fill
from openpyxl import load_workbook
from township_support import rubric

from checklist.assessment import read_assessment
from checklist.fillin.template import write_template
from checklist.rubric import load_rubric

ROOT = Path(__file__).resolve().parent.parent
RSS_LIMIT_MB = 200
FORM_MEMBER = "xl/worksheets/sheet2.xml"  # 自评填报 is the second sheet

# Runs import and aggregate on one file; prints what each said.
WORKER = r"""
import json, sys
from pathlib import Path
from checklist.fillin import FillinError, read_fillin
from checklist.rubric import load_rubric
from checklist.township import aggregate
path = Path(sys.argv[1])
loaded = load_rubric(sys.argv[2])
out = {}
try:
    read_fillin(path, loaded)
    out["import"] = "accepted"
except FillinError as exc:
    out["import"] = "\n".join(exc.problems)
roll = aggregate([path], loaded)
out["aggregate"] = [p.kind + "：" + p.reason for p in roll.problems]
out["counted"] = len(roll.villages)
print(json.dumps(out, ensure_ascii=False))
"""

# Runs the worker as its own child and reports that child's peak RSS.
MEASURE = r"""
import resource, subprocess, sys
run = subprocess.run([sys.executable, "-c", sys.argv[1], *sys.argv[2:]], capture_output=True, text=True, timeout=120)
sys.stderr.write(run.stderr)
print(run.stdout.strip())
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def run_worker(path: Path) -> tuple[dict[str, object], float]:
    run = subprocess.run(
        [sys.executable, "-c", MEASURE, WORKER, str(path), str(ROOT / "rubrics" / "village-star.yaml")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
    )
    lines = run.stdout.strip().splitlines()
    assert len(lines) >= 2, run.stdout + run.stderr
    rss_mb = int(lines[-1]) / 1024  # ru_maxrss is in kilobytes on Linux
    return json.loads(lines[-2]), rss_mb


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    loaded = rubric()
    template = write_template(loaded.rubric, loaded.sha256, folder / "tpl.xlsx")
    return fill(
        template, read_assessment(ROOT / "examples" / "village-star-complete.json"), loaded.rubric, folder / "ok.xlsx"
    )


def _replace_member(source: Path, target: Path, member: str, writer: object) -> Path:
    """A copy of the workbook with one member rewritten by ``writer(zip_out)``."""
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            if info.filename == member:
                writer(zout)  # type: ignore[operator]
            else:
                zout.writestr(info, zin.read(info))
    return target


def million_rows(source: Path, target: Path) -> Path:
    def write(zout: zipfile.ZipFile) -> None:
        info = zipfile.ZipInfo(FORM_MEMBER)
        info.compress_type = zipfile.ZIP_DEFLATED
        with zout.open(info, "w", force_zip64=True) as out:
            out.write(
                b'<?xml version="1.0" encoding="UTF-8"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
            )
            block = []
            for r in range(1, 1_000_001):
                block.append(b'<row r="%d"><c r="F%d"><v>%d</v></c></row>' % (r, r, r))
                if len(block) == 10_000:
                    out.write(b"".join(block))
                    block.clear()
            out.write(b"".join(block) + b"</sheetData></worksheet>")

    return _replace_member(source, target, FORM_MEMBER, write)


BOMB_MB = 256


@functools.cache
def _bomb_data() -> tuple[bytes, int]:
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    chunk = b" " * (1024 * 1024)
    data = b"".join(compressor.compress(chunk) for _ in range(BOMB_MB)) + compressor.flush()
    crc = 0
    for _ in range(BOMB_MB):
        crc = zlib.crc32(chunk, crc)
    return data, crc


def zip_bomb(source: Path, target: Path, lie: bool) -> Path:
    """The form sheet as 256 MB of spaces (a quarter of a megabyte compressed, 1000:1). With
    ``lie`` the headers claim a small uncompressed size (a reader that trusts it is fooled)."""
    data, crc = _bomb_data()

    def write(zout: zipfile.ZipFile) -> None:
        info = zipfile.ZipInfo(FORM_MEMBER)
        info.compress_type = zipfile.ZIP_DEFLATED
        # write the compressed bytes as they are: a raw member with the sizes we choose
        info.file_size = 10_000 if lie else BOMB_MB * 1024 * 1024
        info.compress_size = len(data)
        info.CRC = crc
        zout.fp.write(info.FileHeader(zip64=not lie))  # type: ignore[union-attr]
        zout.fp.write(data)  # type: ignore[union-attr]
        info.header_offset = zout.start_dir
        zout.filelist.append(info)
        zout.NameToInfo[info.filename] = info
        zout.start_dir = zout.fp.tell()  # type: ignore[union-attr]

    return _replace_member(source, target, FORM_MEMBER, write)


def entity_bomb(source: Path, target: Path) -> Path:
    lol = "".join(f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10))
    xml = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol0 "lol">' + lol + "]>"
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        '<row r="9"><c r="F9" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>'
    )
    return _replace_member(source, target, FORM_MEMBER, lambda z: z.writestr(FORM_MEMBER, xml))


def formulas(source: Path, target: Path) -> Path:
    wb = load_workbook(source)
    ws = wb["自评填报"]
    ws["F9"] = "=1+1"
    ws["D4"] = '=HYPERLINK("http://x","村")'
    wb.save(target)
    return target


def other_rubric(folder: Path) -> Path:
    other = load_rubric(ROOT / "rubrics" / "shuangzheng.yaml")
    return write_template(other.rubric, other.sha256, folder / "双整填报表.xlsx")


def csv_renamed(folder: Path) -> Path:
    path = folder / "表格.xlsx"
    path.write_text("村名,得分\n桃源村,99\n" * 1000, encoding="utf-8")
    return path


CASES = {
    "1,000,000-row sheet": (lambda src, d: million_rows(src, d / "million.xlsx"), "行"),
    "zip bomb": (lambda src, d: zip_bomb(src, d / "bomb.xlsx", lie=False), "压缩炸弹"),
    "zip bomb, lying sizes": (lambda src, d: zip_bomb(src, d / "liar.xlsx", lie=True), ""),
    "XML entity bomb": (lambda src, d: entity_bomb(src, d / "lol.xlsx"), "XML 炸弹"),
    "formulas in answer cells": (lambda src, d: formulas(src, d / "formula.xlsx"), "不能填写公式"),
    "another rubric": (lambda src, d: other_rubric(d), "不是“village-star”的"),
    "CSV renamed .xlsx": (lambda src, d: csv_renamed(d), "不是 Excel 工作簿"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_refused_within_bounded_memory(case: str, filled: Path, tmp_path: Path) -> None:
    make, words = CASES[case]
    path = make(filled, tmp_path)
    said, rss_mb = run_worker(path)
    imported = str(said["import"])
    assert imported != "accepted", case
    assert words in imported, imported
    assert said["counted"] == 0, said
    problems = " ".join(str(p) for p in said["aggregate"])  # type: ignore[attr-defined]
    assert "拒绝读取" in problems, problems
    assert rss_mb <= RSS_LIMIT_MB, f"{case}: peak RSS {rss_mb:.0f} MB"


def test_the_unharmed_file_is_accepted(filled: Path) -> None:
    said, rss_mb = run_worker(filled)
    assert said["import"] == "accepted" and said["counted"] == 1
    assert rss_mb <= RSS_LIMIT_MB
