"""Template → fill (openpyxl as a secretary's spreadsheet would, and LibreOffice saving it again)
→ import → the same score as the same answers scored directly; every problem reported at once."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from fillin_support import fill, resave_with_libreoffice, soffice
from openpyxl import load_workbook
from township_support import rubric, township

from checklist.assessment import Assessment, read_assessment
from checklist.cli import main
from checklist.fillin import FillinError, read_fillin
from checklist.fillin.template import write_template
from checklist.rubric import Loaded, load_rubric
from checklist.scoring import score

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "village-star-complete.json"


@pytest.fixture(scope="module")
def loaded() -> Loaded:
    return rubric()


@pytest.fixture(scope="module")
def template(loaded: Loaded, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_template(loaded.rubric, loaded.sha256, tmp_path_factory.mktemp("tpl") / "填报表.xlsx")


def same_score(loaded: Loaded, a: Assessment, b: Assessment) -> None:
    ra, rb = score(loaded.rubric, a), score(loaded.rubric, b)
    assert [(i.id, i.points, i.status) for i in rb.items] == [(i.id, i.points, i.status) for i in ra.items]
    assert (rb.total, rb.level, rb.vetoed, [f.id for f in rb.flags]) == (
        ra.total,
        ra.level,
        ra.vetoed,
        [f.id for f in ra.flags],
    )


def same_evidence(loaded: Loaded, a: Assessment, b: Assessment) -> None:
    """Every piece of evidence the rubric asks for and the village has comes back (in the rubric's order)."""
    index = loaded.rubric.item_index()
    want = {k: [e for e in index[k][1].evidence if e in v.evidence] for k, v in a.answers.items()}
    assert {k: v for k, v in want.items() if v} == {k: v.evidence for k, v in b.answers.items() if v.evidence}


def test_template_structure(template: Path, loaded: Loaded) -> None:
    wb = load_workbook(template)
    assert wb.sheetnames == ["填写说明", "自评填报", "选项", "模板信息"]
    assert [ws.sheet_state for ws in wb] == ["visible", "visible", "hidden", "veryHidden"]
    form = wb["自评填报"]
    assert form.protection.sheet and not form.protection.password
    assert wb.security is not None and wb.security.lockStructure
    assert form["F9"].protection.locked is False  # an answer cell
    assert form["D9"].protection.locked is True  # the guide
    assert form["D4"].protection.locked is False  # 村名
    formulas = {dv.formula1 for dv in form.data_validations.dataValidation if dv.type == "list"}
    targets = {f: wb.defined_names[f].attr_text for f in formulas}  # lists go through defined names
    assert "'选项'!$A$1:$A$2" in targets.values()  # 是 / 否
    assert any(t.startswith("'选项'!$C$1") for t in targets.values())  # a choice item's own list
    numbers = [dv for dv in form.data_validations.dataValidation if dv.type in ("decimal", "whole")]
    assert any("万元" in (dv.prompt or "") for dv in numbers)
    ids = [form.cell(row=r, column=10).value for r in range(9, form.max_row + 1)]
    assert {i.split("/")[0] for i in ids if i} == {i.id for i in loaded.rubric.items()}
    assert {
        "cadre_education/part",
        "cadre_education/whole",
        "collective_income/current",
        "collective_income/previous",
    } <= set(ids)
    assert "grid_branch/opt:leader" in ids


def test_round_trip_with_openpyxl(template: Path, loaded: Loaded, tmp_path: Path) -> None:
    cases = [read_assessment(EXAMPLE), read_assessment(ROOT / "examples" / "village-star-partial.json")]
    cases += township(seed=7, count=4)
    for n, a in enumerate(cases):
        filled = fill(template, a, loaded.rubric, tmp_path / f"f{n}.xlsx", full_width=n % 2 == 1)
        got = read_fillin(filled, loaded)
        same_score(loaded, a, got.assessment)
        same_evidence(loaded, a, got.assessment)
        assert (got.assessment.village, got.assessment.township, got.assessment.year) == (a.village, a.township, a.year)
        assert got.assessment.rubric.sha256 == loaded.sha256


@pytest.mark.skipif(soffice() is None, reason="LibreOffice is not installed")
def test_round_trip_through_libreoffice(template: Path, loaded: Loaded, tmp_path: Path) -> None:
    a = read_assessment(EXAMPLE)
    filled = fill(template, a, loaded.rubric, tmp_path / "filled.xlsx")
    saved = resave_with_libreoffice(filled, tmp_path / "lo")
    got = read_fillin(saved, loaded)
    same_score(loaded, a, got.assessment)
    same_evidence(loaded, a, got.assessment)
    # a template with only the village's name, saved by LibreOffice, imports as all unanswered
    named = _form(template, {"D4": "空白村"}, tmp_path / "named.xlsx")
    blank = read_fillin(resave_with_libreoffice(named, tmp_path / "lo2"), loaded)
    assert blank.assessment.village == "空白村" and blank.assessment.answers == {}
    assert any("未填写" in w for w in blank.warnings)


def _form(path: Path, edits: dict[str, object], out: Path) -> Path:
    wb = load_workbook(path)
    ws = wb["自评填报"]
    for ref, value in edits.items():
        ws[ref] = value
    wb.save(out)
    return out


_ROWS: dict[str, int] = {}


def _row(template: Path, tag: str) -> int:
    if not _ROWS:
        ws = load_workbook(template)["自评填报"]
        _ROWS.update({str(ws.cell(row=r, column=10).value): r for r in range(9, ws.max_row + 1)})
    return _ROWS[tag]


def test_every_problem_at_once_by_row_and_column(template: Path, loaded: Loaded, tmp_path: Path) -> None:
    a = read_assessment(EXAMPLE)
    filled = fill(template, a, loaded.rubric, tmp_path / "ok.xlsx")
    income = _row(template, "collective_income/current")
    venue = _row(template, "venue_area/value")
    young = _row(template, "young_share/part")
    branch = _row(template, "strongest_branch/value")
    grid = _row(template, "grid_branch/opt:leader")
    bad = _form(
        filled,
        {f"F{income}": "一百万", f"F{venue}": "=100+100", f"F{young}": 999, f"F{branch}": "乱填", f"F{grid}": None},
        tmp_path / "bad.xlsx",
    )
    with pytest.raises(FillinError) as exc:
        read_fillin(bad, loaded)
    problems = exc.value.problems
    text = "\n".join(problems)
    assert f"第{income}行F列 村集体经济年经常性收入：" in text and "“一百万”不是数字" in text
    assert f"第{venue}行F列 村级组织活动场所面积：不能填写公式" in text
    assert f"第{young}行F列 35岁以下党员占比：" in text and "不能多于" in text
    assert f"第{branch}行F列 “最强支部”创建：“乱填”不是可选的选项" in text
    assert f"第{grid}行F列 网格党支部（党小组）设置：" in text
    assert len(problems) == 5
    # the CLI lists them all and writes nothing
    out = tmp_path / "a.json"
    run = CliRunner().invoke(main, ["import", str(bad), "-o", str(out)])
    assert run.exit_code == 1 and "共 5 处问题" in run.output and not out.exists()


def test_missing_village_name_and_bad_year(template: Path, loaded: Loaded, tmp_path: Path) -> None:
    bad = _form(template, {"D4": None, "D5": "明年"}, tmp_path / "who.xlsx")
    with pytest.raises(FillinError) as exc:
        read_fillin(bad, loaded)
    text = "\n".join(exc.value.problems)
    assert "第4行D列 村名：请填写村名" in text and "第5行D列 年度：“明年”不是有效的年度" in text


def test_judged_needs_a_note_and_na_only_where_allowed(template: Path, loaded: Loaded, tmp_path: Path) -> None:
    judged = _row(template, "integration/value")
    not_allowed = _row(template, "strongest_branch/value")
    bad = _form(template, {"D4": "某村", f"F{judged}": 4, f"H{not_allowed}": "不适用"}, tmp_path / "j.xlsx")
    with pytest.raises(FillinError) as exc:
        read_fillin(bad, loaded)
    text = "\n".join(exc.value.problems)
    assert f"第{judged}行I列 党建与乡村振兴融合：评定类指标须在备注中写明评定理由" in text
    assert f"第{not_allowed}行H列 “最强支部”创建：本指标不允许选择“不适用”" in text


def test_cli_import_to_json_and_store(template: Path, loaded: Loaded, tmp_path: Path) -> None:
    a = read_assessment(EXAMPLE)
    filled = fill(template, a, loaded.rubric, tmp_path / "ok.xlsx")
    out = tmp_path / "a.json"
    run = CliRunner().invoke(main, ["import", str(filled), "-o", str(out)])
    assert run.exit_code == 0, run.output
    same_score(loaded, a, read_assessment(out))
    assert json.loads(out.read_text(encoding="utf-8"))["village"] == a.village
    store = tmp_path / "store.db"
    run = CliRunner().invoke(main, ["import", str(filled), "--to-store", "--store", str(store)])
    assert run.exit_code == 0, run.output
    assert "自评编号" in run.output
    run = CliRunner().invoke(main, ["import", str(filled)])
    assert run.exit_code == 1 and "-o" in run.output


def test_template_of_another_rubric_is_refused(loaded: Loaded, tmp_path: Path) -> None:
    other = load_rubric(ROOT / "rubrics" / "shuangzheng.yaml")
    path = write_template(other.rubric, other.sha256, tmp_path / "双整.xlsx")
    with pytest.raises(FillinError, match="不是“village-star”的"):
        read_fillin(path, loaded)
    run = CliRunner().invoke(main, ["import", str(path), "--rubric", "village-star", "-o", str(tmp_path / "x.json")])
    assert run.exit_code == 1 and "shuangzheng" in run.output


def test_filled_template_counts_in_the_roll_up(template: Path, loaded: Loaded, tmp_path: Path) -> None:
    from checklist.township import aggregate

    a = read_assessment(EXAMPLE)
    fill(template, a, loaded.rubric, tmp_path / "填好的.xlsx")
    got = aggregate([tmp_path], loaded)
    assert [v.village for v in got.villages] == [a.village]
    assert got.villages[0].scores.total == score(loaded.rubric, a).total


def test_cli_template(tmp_path: Path) -> None:
    out = tmp_path / "t.xlsx"
    run = CliRunner().invoke(main, ["template", "village-star", "--profile", "accelerated", "-o", str(out)])
    assert run.exit_code == 0, run.output
    assert "加快发展县" in str(load_workbook(out)["自评填报"]["A2"].value)
    again = CliRunner().invoke(main, ["template", "village-star", "-o", str(out)])
    assert again.exit_code == 1 and "--force" in again.output
