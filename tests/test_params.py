"""checklist params: the rubric's parameters as a workbook, and the filled workbook back into
the rubric's YAML with its comments and layout kept. Real workbooks (openpyxl writes and
edits them as a spreadsheet program would, python-calamine reads them too)."""

from __future__ import annotations

import difflib
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checklist.params import ParamsError, apply_values, read_params, write_params
from checklist.rubric import check_bytes, load_rubric
from checklist.rubric.params import Params

ROOT = Path(__file__).resolve().parent.parent
VILLAGE_STAR = ROOT / "rubrics" / "village-star.yaml"

# Every layout a hand-written rubric uses: block and flow mappings, a profile without
# parameters, an empty flow mapping, comments everywhere, Chinese before the numbers.
TEXT = """\
# 测试细则：注释要保留
id: t
title: 测试细则
version: "1"
parameters:
  income:   # 收入（万元）
    label: 收入达标线
    unit: 万元
    default: 20   # 原文“xx万元”
  area: {label: 场所面积, unit: 平方米, default: 200}
  age:
    label: 平均年龄基准
    unit: 岁
    default: 48.5
profiles:
  fast:
    label: 加快发展县
    parameters:
      income: 10  # 加快发展县减半
  flow:
    label: 山区县
    parameters: {area: 120}
  bare:
    label: 平原县
  empty:
    label: 海岛县
    parameters: {}
sections:
  - id: s
    title: 组织建设
    items:
      - id: a
        title: 场所
        rule:
          type: number
          bands:
            - {min: $area, points: 5}
          otherwise: 0
"""
PROFILES = ("fast", "flow", "bare", "empty")


def rubric_of(text: str):  # type: ignore[no-untyped-def]
    rubric, problems = check_bytes(text.encode("utf-8"), "t.yaml")
    assert not problems, [str(p) for p in problems]
    assert rubric is not None
    return rubric


def changed_lines(before: str, after: str) -> list[str]:
    return [d for d in difflib.ndiff(before.splitlines(), after.splitlines()) if d[:1] in "+-"]


def test_nothing_changed_gives_the_same_bytes() -> None:
    r = rubric_of(TEXT)
    same = apply_values(
        TEXT,
        {n: p.default for n, p in r.parameters.items()},
        {pid: {n: r.profiles[pid].parameters.get(n) for n in r.parameters} for pid in PROFILES},
    )
    assert same == TEXT


def test_only_the_numbers_change_and_every_comment_stays() -> None:
    out = apply_values(
        TEXT,
        {"income": Decimal(25), "area": Decimal("180.5")},
        {"fast": {"income": Decimal(12), "age": Decimal(50)}, "flow": {"area": None}, "bare": {"income": Decimal(8)}},
    )
    r = rubric_of(out)
    assert r.parameters["income"].default == 25 and r.parameters["area"].default == Decimal("180.5")
    assert r.profiles["fast"].parameters == {"income": 12, "age": 50}
    assert r.profiles["flow"].parameters == {}
    assert r.profiles["bare"].parameters == {"income": 8}
    assert changed_lines(TEXT, out) == [
        "-     default: 20   # 原文“xx万元”",
        "+     default: 25   # 原文“xx万元”",
        "-   area: {label: 场所面积, unit: 平方米, default: 200}",
        "+   area: {label: 场所面积, unit: 平方米, default: 180.5}",
        "-       income: 10  # 加快发展县减半",
        "+       income: 12  # 加快发展县减半",
        "+       age: 50",
        "-     parameters: {area: 120}",
        "+     parameters: {}",
        "+     parameters:",
        "+       income: 8",
    ]


def test_windows_line_ends_are_kept() -> None:
    crlf = TEXT.replace("\n", "\r\n")
    out = apply_values(crlf, {}, {"bare": {"age": Decimal(40)}, "fast": {"income": None}})
    assert "\n" not in out.replace("\r\n", "")
    r = rubric_of(out)
    assert r.profiles["bare"].parameters == {"age": 40} and r.profiles["fast"].parameters == {}


values = st.decimals(min_value=-1000, max_value=100000, places=2, allow_nan=False, allow_infinity=False)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    defaults=st.dictionaries(st.sampled_from(["income", "area", "age"]), values),
    profiles=st.dictionaries(
        st.sampled_from(PROFILES), st.dictionaries(st.sampled_from(["income", "area", "age"]), st.none() | values)
    ),
    crlf=st.booleans(),
)
def test_any_values_land_exactly_and_nothing_else_moves(
    defaults: dict[str, Decimal], profiles: dict[str, dict[str, Decimal | None]], crlf: bool
) -> None:
    text = TEXT.replace("\n", "\r\n") if crlf else TEXT
    before = rubric_of(text)
    out = apply_values(text, defaults, profiles)
    after = rubric_of(out)
    for name, p in after.parameters.items():
        assert p.default == defaults.get(name, before.parameters[name].default)
        assert (p.label, p.unit) == (before.parameters[name].label, before.parameters[name].unit)
    for pid, prof in after.profiles.items():
        expect = dict(before.profiles[pid].parameters)
        for name, v in profiles.get(pid, {}).items():
            if v is None:
                expect.pop(name, None)
            else:
                expect[name] = v
        assert prof.parameters == expect and prof.label == before.profiles[pid].label
    assert after.model_dump(exclude={"parameters", "profiles"}) == before.model_dump(exclude={"parameters", "profiles"})
    comments = [line.split("#", 1)[1] for line in TEXT.splitlines() if "#" in line]
    if "income" in profiles.get("fast", {}) and profiles["fast"]["income"] is None:
        comments.remove(" 加快发展县减半")  # that override's line is gone, with its comment
    assert all(c in out for c in comments)


# --- the workbook ---------------------------------------------------------------------------


def test_the_workbook_lists_labels_units_defaults_and_profiles(tmp_path: Path) -> None:
    from python_calamine import CalamineWorkbook

    rubric = load_rubric(VILLAGE_STAR).rubric
    path = write_params(rubric, tmp_path / "参数.xlsx")
    wb = openpyxl.load_workbook(path)
    assert wb["参数信息"].sheet_state == "veryHidden"
    ws = wb["参数"]
    assert [c.value for c in ws[3]] == ["编号", "参数", "单位", "默认值", "加快发展县（accelerated）"]
    row = next(r for r in ws.iter_rows(min_row=4, values_only=True) if r[0] == "income_threshold")
    assert row == ("income_threshold", "村集体经济年经常性收入达标线", "万元", 20, 10)
    assert ws.protection.sheet and ws["B4"].protection.locked and not ws["D4"].protection.locked
    [check] = ws.data_validations.dataValidation
    assert check.type == "decimal" and "D4" in str(check.sqref) and "请填写数字" in check.errorTitle
    sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("参数").to_python()
    assert sheet[2][:4] == ["编号", "参数", "单位", "默认值"]
    assert len(sheet) == 3 + len(rubric.parameters)


def fill(path: Path, out: Path, **cells: object) -> Path:
    wb = openpyxl.load_workbook(path)
    ws = wb["参数"]
    for ref, value in cells.items():
        ws[ref] = value
    wb.save(out)
    return out


def test_applied_workbook_gives_a_rubric_with_those_values(tmp_path: Path) -> None:
    loaded = load_rubric(VILLAGE_STAR)
    blank = write_params(loaded.rubric, tmp_path / "参数.xlsx")
    # D4 default 20 → 25 (income_threshold); E4 typed with an input method; E5 emptied: the
    # profile then uses the default for income_base.
    filled = fill(blank, tmp_path / "填好.xlsx", D4=25, E4="１２。５", E5=None)
    got = read_params(filled, loaded.rubric)
    assert got.defaults["income_threshold"] == 25
    assert got.profiles["accelerated"]["income_threshold"] == Decimal("12.5")
    assert got.profiles["accelerated"]["income_base"] is None
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "checklist",
            "params",
            str(VILLAGE_STAR),
            "--apply",
            str(filled),
            "-o",
            str(tmp_path / "本县.yaml"),
        ],
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stderr
    new = load_rubric(tmp_path / "本县.yaml").rubric
    assert Params(new).values["income_threshold"] == 25
    assert Params(new, "accelerated").values["income_threshold"] == Decimal("12.5")
    assert Params(new, "accelerated").values["income_base"] == 10
    original = VILLAGE_STAR.read_text(encoding="utf-8")
    written = (tmp_path / "本县.yaml").read_text(encoding="utf-8")
    assert changed_lines(original, written) == [
        "-     default: 20",
        "+     default: 25",
        "-       income_threshold: 10",
        "+       income_threshold: 12.5",
        "-       income_base: 5",
    ]


def test_every_problem_at_once_by_sheet_and_cell(tmp_path: Path) -> None:
    loaded = load_rubric(VILLAGE_STAR)
    blank = write_params(loaded.rubric, tmp_path / "参数.xlsx")
    bad = fill(blank, tmp_path / "错.xlsx", D4="二十", E5="=1+1", D6=None, A7="no_such", F3="山区县（mountain）")
    with pytest.raises(ParamsError) as caught:
        read_params(bad, loaded.rubric)
    text = str(caught.value)
    for expected in (
        "参数!D4: “村集体经济年经常性收入达标线”的默认值：“二十”不是数字",
        "参数!E5: “村集体经济年经常性收入基本线（消薄线）”在加快发展县的值：请直接填写数字，不要用公式",
        "参数!D6: “村集体经济年经常性收入增幅要求”的默认值：不能为空",
        "参数!A7: “no_such”不是本细则的参数",
        "参数!F3: “山区县（mountain）”不是本细则的地区档位",
        "缺少参数“venue_area_full”",
    ):
        assert expected in text, text


def test_values_that_break_the_rubric_are_refused_and_nothing_is_written(tmp_path: Path) -> None:
    blank = write_params(load_rubric(VILLAGE_STAR).rubric, tmp_path / "参数.xlsx")
    bad = fill(blank, tmp_path / "错.xlsx", D7=50)  # 面积标准 50 below the basic 100: bands out of order
    target = tmp_path / "new.yaml"
    out = subprocess.run(
        [sys.executable, "-m", "checklist", "params", "village-star", "--apply", str(bad), "-o", str(target)],
        capture_output=True,
        text=True,
    )
    assert out.returncode == 1 and "Traceback" not in out.stderr
    assert "细则将无法使用" in out.stderr and "分档顺序错误" in out.stderr
    assert not target.exists()


def test_wrong_files_are_said_plainly(tmp_path: Path) -> None:
    other = tmp_path / "other.xlsx"
    other.write_bytes(b"not a zip")
    for path, words in ((other, "不是 Excel 工作簿"), (tmp_path / "none.xlsx", "文件不存在")):
        out = subprocess.run(
            [
                sys.executable,
                "-m",
                "checklist",
                "params",
                "village-star",
                "--apply",
                str(path),
                "-o",
                str(tmp_path / "x.yaml"),
            ],
            capture_output=True,
            text=True,
        )
        assert out.returncode == 1 and words in out.stderr and "Traceback" not in out.stderr
    shz = write_params(load_rubric(ROOT / "rubrics" / "shuangzheng.yaml").rubric, tmp_path / "s.xlsx")
    with pytest.raises(ParamsError, match="不是“village-star”的"):
        read_params(shz, load_rubric(VILLAGE_STAR).rubric)


def test_an_existing_file_is_not_overwritten_without_force(tmp_path: Path) -> None:
    target = tmp_path / "参数.xlsx"
    target.write_bytes(b"keep")
    run = [sys.executable, "-m", "checklist", "params", "village-star", "-o", str(target)]
    out = subprocess.run(run, capture_output=True, text=True)
    assert out.returncode == 1 and "文件已存在" in out.stderr and target.read_bytes() == b"keep"
    assert subprocess.run([*run, "--force"], capture_output=True).returncode == 0
    assert target.read_bytes()[:2] == b"PK"
