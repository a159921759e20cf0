"""The very hidden data sheet (说明/格式/校验和/分段数/数据N) of the three workbooks that carry one:
the village report (数据), the fill-in template (模板信息) and the roll-up (数据). What any writer
writes, its reader reads back; a payload too large to read back is refused when written."""

from __future__ import annotations

from pathlib import Path

import pytest
from fillin_support import fill
from openpyxl import load_workbook
from township_support import rubric, township, write_inputs

from checklist.assessment import read_assessment
from checklist.errors import UserError
from checklist.fillin import read_fillin
from checklist.fillin.template import write_template
from checklist.report import read_report
from checklist.township import aggregate, read_previous
from checklist.township.workbook import write_rollup
from checklist.xlsx import datasheet, package, stream
from checklist.xlsx.package import Package

ROOT = Path(__file__).resolve().parent.parent
KINDS = ["report", "template", "roll-up"]
SHEETS = {"report": "数据", "template": "模板信息", "roll-up": "数据"}
FORMATS = {"report": "checklist-report/1", "template": "checklist-fillin/1", "roll-up": "checklist-rollup/1"}


def write_kind(kind: str, folder: Path) -> Path:
    """One workbook of the kind, written by its own writer (the template also filled in)."""
    loaded = rubric()
    folder.mkdir(parents=True, exist_ok=True)
    if kind == "report":
        made = write_inputs(township(seed=7, count=1), folder / "in", 1, loaded)
        return next(iter(made.values()))
    if kind == "template":
        template = write_template(loaded.rubric, loaded.sha256, folder / "tpl.xlsx")
        answers = read_assessment(ROOT / "examples" / "village-star-complete.json")
        return fill(template, answers, loaded.rubric, folder / "filled.xlsx")
    write_inputs(township(seed=8, count=6), folder / "in", 0, loaded)
    return write_rollup(aggregate([folder / "in"], loaded), folder / "rollup.xlsx")


def read_kind(kind: str, path: Path) -> None:
    """The kind's own reader, as the organiser uses it; raises when it refuses."""
    if kind == "report":
        back = read_report(path, rubric())
        assert back.checksum_ok, back.mismatches
    elif kind == "template":
        read_fillin(path, rubric())
    else:
        assert read_previous(path).checksum_ok


def payload_length(path: Path, sheet: str) -> int:
    wb = load_workbook(path)
    ws = wb[sheet]
    return sum(len(ws.cell(row=5 + n, column=2).value or "") for n in range(int(ws["B4"].value)))


@pytest.mark.parametrize("kind", KINDS)
def test_past_the_chunk_limit_refused_when_written_never_written_unreadable(
    kind: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # One character a chunk: every payload here needs 1,400 to 7,000 chunks. Each writer either
    # refuses (a clear Chinese UserError, nothing saved) or its reader reads back what it wrote.
    monkeypatch.setattr(datasheet, "CHUNK", 1)
    try:
        path = write_kind(kind, tmp_path)
    except UserError as exc:
        assert "过大" in str(exc), str(exc)
        assert not [p for p in tmp_path.rglob("*") if p.suffix in (".xlsx", ".tmp")]
        return
    read_kind(kind, path)


@pytest.mark.parametrize("kind", KINDS)
def test_at_the_chunk_limit_every_writer_is_read_back(
    kind: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    length = payload_length(write_kind(kind, tmp_path / "plain"), SHEETS[kind])
    size = -(-length // datasheet.MAX_CHUNKS)  # the smallest chunk that stays within the limit
    monkeypatch.setattr(datasheet, "CHUNK", size)
    path = write_kind(kind, tmp_path / "cut")
    count = int(load_workbook(path)[SHEETS[kind]]["B4"].value)
    assert datasheet.MAX_CHUNKS // 2 < count <= datasheet.MAX_CHUNKS
    read_kind(kind, path)


@pytest.mark.parametrize("kind", KINDS)
def test_one_layout_and_one_reader_for_every_kind(kind: str, tmp_path: Path) -> None:
    path = write_kind(kind, tmp_path)
    ws = load_workbook(path)[SHEETS[kind]]
    assert ws.sheet_state == "veryHidden"
    assert [ws.cell(row=r, column=1).value for r in range(1, 6)] == ["说明", "格式", "校验和（SHA-256）", "分段数", "数据1"]
    assert all(ws.cell(row=r, column=c).data_type == "s" for r in range(1, 6) for c in (1, 2))
    with Package(path) as pkg:
        stored = datasheet.read(pkg, SHEETS[kind], FORMATS[kind])
    assert stored.format == FORMATS[kind] and stored.checksum_ok
    assert stored.payload()["format"] == FORMATS[kind]


def test_the_writer_refuses_more_than_the_readers_take() -> None:
    text = "村" * (datasheet.MAX_TEXT_BYTES // 3 + 1)
    with pytest.raises(datasheet.TooLarge) as caught:
        datasheet.rows("说明", "checklist-test/1", {"text": text})
    assert isinstance(caught.value, UserError) and "过大" in str(caught.value)
    assert datasheet.MAX_CHUNKS * datasheet.CHUNK >= datasheet.MAX_TEXT_BYTES  # bytes bind before chunks
    # and every reader takes that much: the shared strings (streamed or parsed) and the sheet
    assert min(stream.MAX_STRING_CHARS, stream.MAX_SHEET_BYTES, package.MAX_MEMBER) >= 2 * datasheet.MAX_TEXT_BYTES
    assert datasheet.LAST_ROW == 4 + datasheet.MAX_CHUNKS


def test_the_reader_takes_the_limit_and_no_more() -> None:
    def cells(count: int) -> dict[tuple[int, int], str]:
        out = {(2, 2): "f/1", (3, 2): datasheet.checksum("x" * count), (4, 2): str(count)}
        return out | {(5 + n, 2): "x" for n in range(count)}

    assert datasheet.from_cells(cells(datasheet.MAX_CHUNKS)).checksum_ok
    with pytest.raises(datasheet.Broken):
        datasheet.from_cells(cells(datasheet.MAX_CHUNKS + 1))
    for bad in ("", "0", "-1", "nan", "inf", "1e400", "两"):
        with pytest.raises(datasheet.Broken):
            datasheet.from_cells(cells(1) | {(4, 2): bad})
    assert datasheet.from_cells(cells(1) | {(4, 2): "1.0"}).text == "x"  # a count re-saved as a number
