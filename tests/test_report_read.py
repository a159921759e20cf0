"""``read`` re-scores from the 数据 sheet and reports every mismatch; hostile files are refused."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from report_helpers import EXAMPLES, ROOT, cell_beside, export

from checklist.cli import main
from checklist.report import RefusedReport, read_report
from checklist.report.sheets import detail, summary
from checklist.rubric import load_rubric
from checklist.xlsx.datasheet import SHEET
from checklist.xlsx.package import Package

pytestmark = pytest.mark.skipif(not EXAMPLES, reason="no examples/*.json yet")


@pytest.fixture
def report(tmp_path: Path) -> Path:
    example = next(e for e in EXAMPLES if e.stem.startswith("village-star")) if EXAMPLES else None
    assert example is not None
    return export(example, tmp_path)


def _read(path: Path, *extra: str) -> tuple[int, str]:
    run = CliRunner().invoke(main, ["read", str(path), *extra])
    return run.exit_code, run.output


def test_clean_report_exits_zero(report: Path) -> None:
    code, out = _read(report)
    assert code == 0 and "未发现不一致" in out


def test_edited_visible_score_is_detected(report: Path) -> None:
    wb = load_workbook(report)
    ws = wb[detail.NAME]
    cell = ws.cell(row=detail.FIRST_ROW, column=detail.POINTS_COL)
    cell.value = (cell.value or 0) + 1
    total = cell_beside(wb[summary.NAME], "总分")
    total.value = 99
    wb.save(report)  # as Excel would: shared strings, styles rewritten
    back = read_report(report)
    kinds = [m.kind for m in back.mismatches]
    assert kinds.count("edited") == 2, back.mismatches
    assert back.checksum_ok
    assert back.result.total != 99  # the re-score never trusts visible cells
    code, out = _read(report)
    assert code == 1 and "被手工改过" in out


def test_edited_level_text_is_detected(report: Path) -> None:
    wb = load_workbook(report)
    payload = json.loads("".join(wb[SHEET].cell(row=5 + n, column=2).value for n in range(int(wb[SHEET]["B4"].value))))
    wb[summary.NAME][payload["layout"]["summary"]["level"]].value = "★★★★★ 五星"
    wb.save(report)
    assert [m.kind for m in read_report(report).mismatches] == ["edited"]


def test_changed_rubric_is_detected(report: Path, tmp_path: Path) -> None:
    text = (ROOT / "rubrics" / "village-star.yaml").read_text(encoding="utf-8")
    changed = text.replace('version: "2026.1"', 'version: "2026.2"', 1)
    assert changed != text
    (tmp_path / "changed.yaml").write_text(changed, encoding="utf-8")
    back = read_report(report, load_rubric(tmp_path / "changed.yaml"))
    messages = " ".join(m.message for m in back.mismatches)
    assert {m.kind for m in back.mismatches} == {"rubric"}
    assert "2026.2" in messages and "SHA-256" in messages
    code, out = _read(report, "--rubric", str(tmp_path / "changed.yaml"))
    assert code == 1 and "版本不同" in out


def test_changed_points_show_as_rescore(report: Path, tmp_path: Path) -> None:
    # the same version, but a threshold edited: the hash differs and the scores move
    text = (ROOT / "rubrics" / "village-star.yaml").read_text(encoding="utf-8")
    doubled = text.replace("bonus_cap: 5", "bonus_cap: 1", 1)
    assert doubled != text
    (tmp_path / "edited.yaml").write_text(doubled, encoding="utf-8")
    back = read_report(report, load_rubric(tmp_path / "edited.yaml"))
    kinds = {m.kind for m in back.mismatches}
    assert "rubric" in kinds
    assert "rescore" in kinds or back.result.bonus <= 1


def test_broken_checksum_is_detected(report: Path) -> None:
    wb = load_workbook(report)
    ws = wb[SHEET]
    chunk = ws.cell(row=5, column=2)
    assert "桃源村" in chunk.value
    chunk.value = chunk.value.replace("桃源村", "李家村")
    wb.save(report)
    back = read_report(report)
    assert not back.checksum_ok
    assert back.assessment.village == "李家村"
    assert [m.kind for m in back.mismatches] == ["checksum"]
    code, out = _read(report, "--json")
    assert code == 1 and json.loads(out)["checksum_ok"] is False


def test_wrong_rubric_id_is_refused(report: Path) -> None:
    code, out = _read(report, "--rubric", str(ROOT / "rubrics" / "shuangzheng.yaml"))
    assert code == 1 and "不是同一细则" in out


# --- hostile files --------------------------------------------------------------------------


def _refused(path: Path, words: str) -> None:
    with pytest.raises(RefusedReport) as exc:
        read_report(path)
    assert words in str(exc.value)
    code, out = _read(path)
    assert code == 1 and "拒绝读取" in out and words in out


def _rezip(source: Path, target: Path, replace: dict[str, bytes], drop: tuple[str, ...] = ()) -> Path:
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            if info.filename in drop:
                continue
            out.writestr(info.filename, replace.get(info.filename, src.read(info.filename)))
        for name, data in replace.items():
            if name not in src.namelist():
                out.writestr(name, data)
    return target


def test_not_a_zip_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "fake.xlsx"
    path.write_text("村名,得分\n桃源村,100\n", encoding="utf-8")
    _refused(path, "不是 Excel 工作簿")
    empty = tmp_path / "empty.xlsx"
    empty.write_bytes(b"")
    _refused(empty, "不是 Excel 工作簿")


def test_missing_file_is_refused(tmp_path: Path) -> None:
    _refused(tmp_path / "nothing.xlsx", "文件不存在")


def test_zip_bomb_is_refused_before_decompressing(report: Path, tmp_path: Path) -> None:
    bomb = _rezip(report, tmp_path / "bomb.xlsx", {"xl/media/bomb.bin": b"\0" * (20 * 1024 * 1024)})
    assert bomb.stat().st_size < 200_000
    _refused(bomb, "压缩炸弹")


def test_member_is_never_read_past_its_limit(report: Path) -> None:
    with Package(report) as pkg, pytest.raises(RefusedReport, match="压缩炸弹"):
        pkg.read("xl/worksheets/sheet2.xml", limit=100)


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets><sheet name="&lol9;"/></sheets></workbook>"""


def test_xml_entity_bomb_is_refused(report: Path, tmp_path: Path) -> None:
    bomb = _rezip(report, tmp_path / "lol.xlsx", {"xl/workbook.xml": BILLION_LAUGHS})
    _refused(bomb, "XML 炸弹")


def test_entity_bomb_in_the_data_sheet_is_refused(report: Path, tmp_path: Path) -> None:
    with Package(report) as pkg:
        member = pkg.sheets()[SHEET][0]
    bomb = _rezip(report, tmp_path / "lol2.xlsx", {member: BILLION_LAUGHS})
    _refused(bomb, "XML 炸弹")


def test_missing_data_sheet_is_refused(report: Path, tmp_path: Path) -> None:
    wb = load_workbook(report)
    del wb[SHEET]
    wb.save(tmp_path / "nodata.xlsx")
    _refused(tmp_path / "nodata.xlsx", "缺少“数据”工作表")


def test_a_plain_workbook_is_refused(tmp_path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    wb.active["A1"] = "=1+1"
    wb.save(tmp_path / "plain.xlsx")
    _refused(tmp_path / "plain.xlsx", "缺少“数据”工作表")


def test_truncated_zip_is_refused(report: Path, tmp_path: Path) -> None:
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(report.read_bytes()[: report.stat().st_size // 2])
    _refused(cut, "不是 Excel 工作簿")


def test_corrupt_member_is_refused(report: Path, tmp_path: Path) -> None:
    data = bytearray(report.read_bytes())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as z:
        info = z.getinfo("xl/workbook.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for i in range(start, start + min(40, info.compress_size)):
        data[i] ^= 0x5A
    bad = tmp_path / "corrupt.xlsx"
    bad.write_bytes(bytes(data))
    with pytest.raises(RefusedReport):
        read_report(bad)
