"""``checklist drafts``, ``dump`` and ``load``: always with a temp store file."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from store_support import EXAMPLES

from checklist.assessment import read_assessment
from checklist.cjk import width
from checklist.cli import main
from checklist.store import Store


@pytest.fixture
def store_file(tmp_path: Path) -> Path:
    return tmp_path / "data" / "checklist.sqlite3"


def run(*args: str | Path, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args], env=env, catch_exceptions=False)


def test_load_then_drafts_json(store_file: Path) -> None:
    for name in ("village-star-partial.json", "village-star-complete.json", "shuangzheng-complete.json"):
        r = run("load", EXAMPLES / name, "--store", store_file)
        assert r.exit_code == 0, r.output
        assert "已加入存储，自评编号" in r.stdout
    r = run("drafts", "--json", "--store", store_file)
    assert r.exit_code == 0
    rows = json.loads(r.stdout)
    assert [row["id"] for row in rows] == [2, 1, 3]  # most recently updated first
    complete = rows[0]
    assert complete["village"] == "桃源村" and complete["year"] == 2026
    assert complete["rubric"]["id"] == "village-star" and complete["rubric"]["version"] == "2026.1"
    assert (complete["answered"], complete["items"]) == (52, 52)
    assert (complete["total"], complete["max"], complete["level_label"], complete["stars"]) == (84.8, 100, "四星", 4)
    assert complete["problem"] is None
    partial = rows[1]
    assert partial["answered"] < partial["items"] and partial["level_label"] == "未定星"
    assert rows[2]["rubric"]["id"] == "shuangzheng" and rows[2]["level_label"] == "达标"


def test_drafts_table_is_aligned_chinese(store_file: Path) -> None:
    assert "还没有保存的自评" in run("drafts", "--store", store_file).stdout
    run("load", EXAMPLES / "village-star-complete.json", "--store", store_file)
    run("load", EXAMPLES / "village-star-partial.json", "--store", store_file)
    r = run("drafts", "--store", store_file)
    assert r.exit_code == 0
    lines = r.stdout.splitlines()
    assert lines[0].split() == ["编号", "村", "年度", "细则", "已填/应填", "总分", "星级", "更新时间"]
    assert "桃源村" in lines[2] and "84.8/100" in lines[2] and "四星" in lines[2]
    # every column starts at the same display column on every line
    head = lines[0]
    for row in lines[2:]:
        for word, cell in (("年度", "2026"), ("更新时间", "2026-11-")):
            assert width(row[: row.index(cell)]) == width(head[: head.index(word)])


def test_store_from_environment_variable(store_file: Path) -> None:
    env = {"CHECKLIST_STORE": str(store_file)}
    assert run("load", EXAMPLES / "shuangzheng-partial.json", env=env).exit_code == 0
    assert store_file.exists()
    assert len(json.loads(run("drafts", "--json", env=env).stdout)) == 1


def test_dump_load_round_trip_is_equal(store_file: Path, tmp_path: Path) -> None:
    source = EXAMPLES / "village-star-partial.json"
    run("load", source, "--store", store_file)
    out = tmp_path / "out" / "dumped.json"
    out.parent.mkdir()
    r = run("dump", "1", "-o", out, "--store", store_file)
    assert r.exit_code == 0 and out.exists(), r.output
    dumped = read_assessment(out)
    original = read_assessment(source)
    assert dumped.answers == original.answers
    assert dumped.model_dump(exclude={"rubric"}) == original.model_dump(exclude={"rubric"})
    assert dumped.rubric.id == original.rubric.id and dumped.rubric.sha256

    assert run("load", out, "--rubric", "village-star", "--store", store_file, "--again").exit_code == 0
    with Store.open(store_file) as s:
        assert s.assessment(2) == s.assessment(1)
    again = run("dump", "2", "--store", store_file)  # to the screen
    assert json.loads(again.stdout) == json.loads(out.read_text(encoding="utf-8"))


def test_load_with_a_rubric_file_reports_orphans(store_file: Path, tmp_path: Path) -> None:
    from store_support import write_rubric

    rubric = write_rubric(tmp_path, "1", ["a"])
    answers = tmp_path / "a.json"
    answers.write_text(
        json.dumps(
            {
                "rubric": {"id": "tiny", "version": "0"},
                "village": "村",
                "township": "镇",
                "answers": {"a": {"value": True}, "old": {"value": 3}},
            }
        ),
        encoding="utf-8",
    )
    r = run("load", answers, "--rubric", rubric.path, "--store", store_file)
    assert r.exit_code == 0
    assert "old" in r.stderr and "原样保留" in r.stderr and "版本" in r.stderr
    with Store.open(store_file) as s:
        assert s.assessment(1).answers["old"].value == 3


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("dump", "abc"), "自评编号应为数字"),
        (("dump", "7"), "没有编号为 7 的自评"),
        (("load", "missing.json"), "文件不存在"),
        (("load", "bad.json"), "不是有效的 JSON"),
        (("load", "other.json"), "找不到评分细则“nowhere”"),
        (("load", "star.json", "--rubric", "shuangzheng"), "不是“shuangzheng”"),
    ],
)
def test_bad_input_fails_in_chinese(store_file: Path, tmp_path: Path, args: tuple[str, ...], message: str) -> None:
    (tmp_path / "bad.json").write_text("{oops", encoding="utf-8")
    (tmp_path / "other.json").write_text('{"rubric": {"id": "nowhere"}}', encoding="utf-8")
    (tmp_path / "star.json").write_text(
        (EXAMPLES / "village-star-partial.json").read_text(encoding="utf-8"), encoding="utf-8"
    )
    args = tuple(str(tmp_path / a) if a.endswith(".json") else a for a in args)
    r = run(*args, "--store", store_file)
    assert r.exit_code == 1
    assert message in r.stderr
    assert "Traceback" not in r.output


def test_corrupt_store_fails_in_chinese_and_is_untouched(tmp_path: Path) -> None:
    bad = tmp_path / "checklist.sqlite3"
    junk = random.Random(5).randbytes(8192)
    bad.write_bytes(junk)
    for args in (("drafts",), ("dump", "1"), ("load", str(EXAMPLES / "shuangzheng-partial.json"))):
        r = run(*args, "--store", bad)
        assert r.exit_code == 1
        assert str(bad) in r.stderr and "没有被改动" in r.stderr
    assert bad.read_bytes() == junk


def test_dump_to_an_unwritable_place_fails_in_chinese(store_file: Path, tmp_path: Path) -> None:
    run("load", EXAMPLES / "shuangzheng-partial.json", "--store", store_file)
    r = run("dump", "1", "-o", tmp_path / "no" / "such" / "folder.json", "--store", store_file)
    assert r.exit_code == 1 and "所在的文件夹" in r.stderr and "不存在" in r.stderr


def test_store_option_on_the_group_too(store_file: Path) -> None:
    assert run("--store", store_file, "load", EXAMPLES / "shuangzheng-partial.json").exit_code == 0
    rows = json.loads(run("--store", store_file, "drafts", "--json").stdout)
    assert [(r["id"], r["village"], r["level_label"]) for r in rows] == [(1, "北湾村", "不达标")]
