"""``checklist score``: the --json result, the Chinese table, exit codes and messages."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from checklist.cli import main

ROOT = Path(__file__).resolve().parent.parent

RUBRIC = """\
id: mini
title: 迷你细则
version: "2026.1"
bonus_cap: 2
parameters:
  income_threshold: {label: 收入达标线, unit: 万元, default: 20}
profiles:
  accelerated:
    label: 加快发展县
    parameters: {income_threshold: 10}
sections:
  - id: org
    title: 组织体系
    items:
      - id: branch
        title: 最强支部
        rule: {type: yesno, points: 4}
      - id: grid
        title: 网格党支部
        rule:
          type: required_list
          points: 2
          deduct: 0.5
          things:
            - {id: a, label: 网格全覆盖}
            - {id: b, label: 明确负责人}
            - {id: c, label: 定期活动}
      - id: new_field
        title: 新领域党组织
        allow_na: true
        rule: {type: yesno, points: 2}
  - id: dev
    title: 发展引领
    items:
      - id: income
        title: 集体经济收入
        rule:
          type: number
          unit: 万元
          bands:
            - {min: $income_threshold, points: 6}
          otherwise: 1
      - id: gang
        title: 涉黑涉恶
        rule: {type: yesno, points: 2, negative: true}
        veto: {when: {item: gang, equals: true}}
      - id: honors
        title: 县级以上表彰
        bonus: true
        rule: {type: count, mode: add, per: 1, cap: 3, unit: 项}
levels:
  - {id: four, label: 四星, stars: 4, min: 15, no_veto: true}
  - {id: three, label: 三星, stars: 3, min: 10}
"""


def answers(**values: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "branch": {"value": True},
        "grid": {"value": ["a", "c"]},
        "new_field": {"na": True},
        "income": {"value": 12},
        "gang": {"value": False},
        "honors": {"value": 5},
    }
    base.update({k: v if isinstance(v, dict) else {"value": v} for k, v in values.items()})
    return {
        "rubric": {"id": "mini", "version": "2026.1"},
        "village": "北湾村",
        "township": "新丰镇",
        "year": 2026,
        "answers": base,
    }


@pytest.fixture
def rubric(tmp_path: Path) -> Path:
    path = tmp_path / "mini.yaml"
    path.write_text(RUBRIC, encoding="utf-8")
    return path


def write(tmp_path: Path, data: Any, name: str = "a.json") -> Path:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def run(*args: str | Path) -> Result:
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert "Traceback" not in result.output
    # any exception other than click's own exit is a crash
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


# --- results ---------------------------------------------------------------------------------


def test_json_result(rubric: Path, tmp_path: Path) -> None:
    r = run("score", rubric, write(tmp_path, answers()), "--json")
    assert r.exit_code == 0, r.output
    assert r.stderr == ""
    data = json.loads(r.stdout)
    # org: 4 + (2 - 0.5) = 5.5 of applicable 6, new_field N/A → 5.5 × 8 / 6 = 7.33
    # dev: income 12 < 20 → 1, gang no → 2: 3 of 8; bonus 3 capped at 2
    assert data["total"] == 12.33
    assert (data["max"], data["bonus"], data["max_achievable"]) == (16, 2, 16)
    assert (data["level"], data["level_label"], data["stars"]) == ("three", "三星", 3)
    assert data["vetoed"] == [] and data["flags"] == []
    assert data["next_level"] == {"id": "four", "label": "四星", "missing": ["总分12.33分，还差2.67分达到15分"]}
    assert [(s["id"], s["points"], s["max"]) for s in data["sections"]] == [("org", 7.33, 8), ("dev", 3, 8)]
    items = {i["id"]: i for i in data["items"]}
    assert set(items["grid"]) >= {"id", "points", "max", "status", "why"}
    assert items["grid"] == {
        "id": "grid",
        "points": 1.5,
        "max": 2,
        "status": "partial",
        "why": "缺1项（明确负责人），每缺一项扣0.5分，得1.5分",
        "bonus": False,
        # added by issue 8: the normalised answer and its words, as the workbook prints them
        "value": ["a", "c"],
        "words": "已具备：网格全覆盖、定期活动\n缺：明确负责人",
    }
    assert (items["new_field"]["status"], items["new_field"]["why"]) == ("na", "不适用")
    assert items["income"]["why"] == "集体经济收入 12万元 未达到20万元，得1分；达到20万元可得6分"
    assert items["honors"]["bonus"] is True
    assert data["rubric"] == {"id": "mini", "version": "2026.1"}


def test_profile_changes_thresholds(rubric: Path, tmp_path: Path) -> None:
    r = run("score", rubric, write(tmp_path, answers()), "--profile", "accelerated", "--json")
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert data["profile"] == "accelerated"
    income = next(i for i in data["items"] if i["id"] == "income")
    assert (income["points"], income["why"]) == (6, "集体经济收入 12万元 ≥ 10万元，得6分")
    assert (data["total"], data["level"]) == (17.33, "four")


def test_profile_from_the_assessment_file(rubric: Path, tmp_path: Path) -> None:
    r = run("score", rubric, write(tmp_path, {**answers(), "profile": "accelerated"}), "--json")
    assert json.loads(r.stdout)["profile"] == "accelerated"


def test_veto_in_json(rubric: Path, tmp_path: Path) -> None:
    r = run("score", rubric, write(tmp_path, answers(gang=True, income=30)), "--json")
    data = json.loads(r.stdout)
    # org 7.33 + dev 6 + 0 + bonus 2 = 15.33, but the veto cancels the level
    assert (data["total"], data["level"], data["level_label"]) == (15.33, None, "未定星")
    assert data["vetoed"] == ["gang"]
    assert data["vetoes"] == [
        {"id": "gang", "label": "涉黑涉恶", "items": ["gang"], "reason": "“涉黑涉恶”为“是”", "effect": "不评定星级", "kind": "一票否决"}
    ]


def test_chinese_table(rubric: Path, tmp_path: Path) -> None:
    r = run("score", rubric, write(tmp_path, answers()))
    assert r.exit_code == 0, r.output
    out = r.stdout
    lines = out.splitlines()
    assert lines[0] == "迷你细则（2026.1）"
    assert lines[1] == "新丰镇 北湾村 2026年度"
    assert "总分：12.33 / 16（含加分 2 分）" in lines
    assert "星级：★★★ 三星" in lines
    assert "距四星还差：" in lines
    assert "  · 总分12.33分，还差2.67分达到15分" in lines
    assert "已填 6/6 项（含不适用1项）" in lines  # the progress record's words (was “已填写 6 / 6 项”)
    assert "  注：组织体系：含不适用项，按比例折算：5.5 ÷ 6 × 8 = 7.33" in lines
    assert "  注：加分项合计3分，超过上限2分，按2分计入总分" in lines
    section_lines = [line for line in lines if line.startswith(("组织体系", "发展引领"))]
    assert len(section_lines) == 2
    assert section_lines[0].split() == ["组织体系", "7.33", "8", "91.63%"]
    assert section_lines[1].split() == ["发展引领", "3", "8", "37.5%"]
    assert "失分项（按失分从多到少）：" in lines
    assert any("集体经济收入" in line and "失   5分" in line for line in lines)


def test_invalid_answers_are_reported_not_fatal(rubric: Path, tmp_path: Path) -> None:
    data = answers(income="十二万", grid=["a", "z"], honors=-2, branch="是", gang=float("nan"))
    path = tmp_path / "a.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")  # writes NaN, as Python allows
    assert "NaN" in path.read_text(encoding="utf-8")
    r = run("score", rubric, path, "--json")
    assert r.exit_code == 0, r.output
    items = {i["id"]: i for i in json.loads(r.stdout)["items"]}
    for key in ("income", "grid", "honors", "branch", "gang"):
        assert items[key]["status"] == "invalid"  # issue 8: its own status, no longer 未填写
        assert items[key]["why"].startswith("答案无效："), items[key]
        assert items[key]["why"] == "答案无效：" + items[key]["reason"]
        assert items[key]["value"] is None and items[key]["words"].startswith("填写有误：")
    assert items["grid"]["why"] == "答案无效：没有这些事项：z"
    assert items["branch"]["why"] == "答案无效：应选择“是”或“否”"


def test_unknown_answer_ids_are_ignored(rubric: Path, tmp_path: Path) -> None:
    data = answers()
    data["answers"]["retired_item"] = {"value": True}
    r = run("score", rubric, write(tmp_path, data), "--json")
    assert r.exit_code == 0
    assert "retired_item" not in {i["id"] for i in json.loads(r.stdout)["items"]}


def test_shipped_rubric_by_id_and_its_example() -> None:
    r = run("score", "village-star", ROOT / "examples" / "village-star-complete.json", "--json")
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert data["rubric"]["id"] == "village-star"
    assert 0 <= data["total"] <= data["max"] + 5


# --- bad input: exit 1 with a Chinese message ----------------------------------------------------


def failed(r: Result) -> str:
    assert r.exit_code == 1, (r.exit_code, r.output)
    assert r.stdout == ""
    message = r.stderr.strip()
    assert message
    return message


def test_missing_assessment_file(rubric: Path, tmp_path: Path) -> None:
    missing = tmp_path / "nope.json"
    assert failed(run("score", rubric, missing)) == f"{missing}：文件不存在"


def test_missing_rubric(tmp_path: Path) -> None:
    msg = failed(run("score", tmp_path / "nope.yaml", write(tmp_path, answers())))
    assert msg.startswith(f"找不到评分细则“{tmp_path / 'nope.yaml'}”")


def test_broken_rubric_lists_its_problems(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(RUBRIC.replace("points: 4}", "points: 四}"), encoding="utf-8")
    msg = failed(run("score", bad, write(tmp_path, answers())))
    assert msg.splitlines()[0] == "评分细则有误，无法使用："
    assert f"{bad}:17:" in msg


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ('{"rubric": {"id": "mini"},\n  "answers": {"branch": {"value": tru}}}', "第2行第35列"),
        ('{"rubric": {"id": "mini"}\n "answers": {}}', "第2行第2列"),
        ('{"rubric": {"id": "mini"}, }', "第1行第28列"),
    ],
)
def test_bad_json_says_line_and_column(rubric: Path, tmp_path: Path, text: str, where: str) -> None:
    path = write(tmp_path, text)
    msg = failed(run("score", rubric, path))
    assert msg.startswith(f"{path}：{where}：不是有效的 JSON（"), msg


def test_an_empty_file_is_said_to_be_empty(rubric: Path, tmp_path: Path) -> None:
    path = write(tmp_path, " \n")
    assert failed(run("score", rubric, path)) == f"{path}：文件是空的，可能未传完"


def test_not_utf8(rubric: Path, tmp_path: Path) -> None:
    path = tmp_path / "gbk.json"
    path.write_bytes(json.dumps(answers(), ensure_ascii=False).encode("gbk"))
    assert failed(run("score", rubric, path)).startswith(f"{path}：文件不是 UTF-8 编码（第 ")


@pytest.mark.parametrize("data", [[1, 2], {"answers": {}}, {"rubric": {"id": "mini"}, "answers": [1]}])
def test_json_that_is_not_an_assessment(rubric: Path, tmp_path: Path, data: Any) -> None:
    path = write(tmp_path, data)
    msg = failed(run("score", rubric, path))
    assert msg.startswith(f"{path}：自评文件有 1 处格式问题：\n  · ")


def test_rubric_id_mismatch(rubric: Path, tmp_path: Path) -> None:
    data = answers()
    data["rubric"]["id"] = "village-star"
    msg = failed(run("score", rubric, write(tmp_path, data)))
    assert msg == "自评文件对应的评分细则是“village-star”，不是“mini”"


def test_unknown_profile(rubric: Path, tmp_path: Path) -> None:
    msg = failed(run("score", rubric, write(tmp_path, answers()), "--profile", "nowhere"))
    assert msg == "地区档位“nowhere”不存在，可用：accelerated（加快发展县）"
    msg = failed(run("score", rubric, write(tmp_path, {**answers(), "profile": "somewhere"})))
    assert msg == "地区档位“somewhere”不存在，可用：accelerated（加快发展县）"


# --- usage errors: exit 2 ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["score"],
        ["score", "mini.yaml"],
        ["score", "mini.yaml", "a.json", "extra"],
        ["score", "mini.yaml", "a.json", "--nope"],
        ["score", "mini.yaml", "a.json", "--profile"],
        ["score", "mini.yaml", "."],  # a directory where a file is wanted
    ],
)
def test_usage_errors_exit_2(args: list[str], rubric: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.json").write_text(json.dumps(answers()), encoding="utf-8")
    r = run(*[str(rubric) if a == "mini.yaml" else a for a in args])
    assert r.exit_code == 2, r.output
    assert r.stdout == ""
    assert "错误：" in r.stderr
    assert "Error" not in r.stderr and "Usage" not in r.stderr


def test_help_is_chinese() -> None:
    r = run("score", "--help")
    assert r.exit_code == 0
    assert "按评分细则计算自评得分与星级" in r.stdout
    assert "地区档位" in r.stdout


# --- the real entry point ------------------------------------------------------------------------


def test_python_m_checklist_exit_codes(rubric: Path, tmp_path: Path) -> None:
    def real(*args: str | Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "checklist", *map(str, args)],
            capture_output=True,
            text=True,
            encoding="utf-8",
            env={**os.environ, "PYTHONIOENCODING": "utf-8"},
            timeout=60,
        )

    ok = real("score", rubric, write(tmp_path, answers()), "--json")
    assert (ok.returncode, ok.stderr) == (0, "")
    assert json.loads(ok.stdout)["total"] == 12.33
    bad = real("score", rubric, write(tmp_path, "{]", "bad.json"))
    assert bad.returncode == 1
    assert "不是有效的 JSON" in bad.stderr
    usage = real("score")
    assert usage.returncode == 2
    for proc in (ok, bad, usage):
        assert "Traceback" not in proc.stdout + proc.stderr


def test_table_never_shows_a_traceback_for_junk(rubric: Path, tmp_path: Path) -> None:
    junk = textwrap.dedent(
        """\
        {"rubric": {"id": "mini"}, "answers": {
          "branch": {"value": {"x": [1, 2]}}, "grid": {"value": "abc"}, "income": {"value": Infinity},
          "gang": {"value": 1e999}, "honors": {"value": 100000000000000000000000000000000},
          "new_field": {"value": null, "na": "yes"}}}
        """
    )
    path = write(tmp_path, junk)
    r = run("score", rubric, path)
    assert r.exit_code == 0, r.output
    assert "答案无效" in r.stdout
    # "na" that is no kind of yes/no refuses the file as a whole, with a message
    r = run("score", rubric, write(tmp_path, junk.replace('"na": "yes"', '"na": "maybe"')))
    assert r.exit_code == 1
    assert "“answers.new_field.na”应为 true 或 false，现为 \"maybe\"" in r.stderr


@pytest.mark.parametrize("number", ["1e400", "123456789012345678901234567890"])
def test_absurd_numbers_in_the_rubric_are_refused_with_a_place(tmp_path: Path, number: str) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(RUBRIC.replace("points: 4}", f"points: {number}}}"), encoding="utf-8")
    msg = failed(run("score", bad, write(tmp_path, answers())))
    assert f"{bad}:17:37: [branch] “{number}”位数过多或数值过大：请写不超过 15 位的普通数字" in msg.splitlines()
