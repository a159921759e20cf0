"""Issue 13, as a hostile tester tried it on the command line: every bad input a clear Chinese
answer (exit 1, where and what), never a traceback, never a hang, never more than 200 MB."""

from __future__ import annotations

import json
import os
import sqlite3
import zipfile
from pathlib import Path
from typing import Any

import pytest
from fault_support import (
    EXAMPLE,
    PARTIAL,
    RUBRIC,
    can_unshare,
    clean_failure,
    cli,
    example_data,
    on_small_disk,
    write_json,
)

# --- tracebacks ------------------------------------------------------------------------------


@pytest.fixture
def deep_json(tmp_path: Path) -> Path:
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    return path


@pytest.mark.parametrize("command", ["score", "load", "export"])
def test_json_nested_100000_deep_is_refused_plainly(command: str, deep_json: Path, tmp_path: Path) -> None:
    args = {
        "score": ["score", "village-star", deep_json],
        "load": ["load", deep_json, "--store", tmp_path / "s.sqlite3"],
        "export": ["export", "village-star", deep_json, "-o", tmp_path / "x.xlsx"],
    }[command]
    assert clean_failure(cli(*args)) == f"{deep_json}：括号嵌套过深，不是自评文件"


def test_yaml_nested_too_deep_is_said_in_chinese(tmp_path: Path) -> None:
    path = tmp_path / "deep.yaml"
    path.write_text("a: " + "[" * 20_000 + "]" * 20_000 + "\n", encoding="utf-8")
    err = clean_failure(cli("validate", path))
    assert "exceeded" not in err
    assert "嵌套层数过多（括号或缩进超过 64 层），拒绝读取" in err


def _huge_int(tmp_path: Path) -> Path:
    data = example_data()
    item = next(k for k, v in data["answers"].items() if isinstance(v.get("value"), int) and not isinstance(v["value"], bool))
    text = json.dumps(data, ensure_ascii=False)
    text = text.replace(f'"{item}": {{"value": {data["answers"][item]["value"]}', f'"{item}": {{"value": {"9" * 5000}', 1)
    path = tmp_path / "huge.json"
    path.write_text(text, encoding="utf-8")
    assert "9" * 5000 in path.read_text(encoding="utf-8")
    return path


def test_integer_of_5000_digits_is_refused(tmp_path: Path) -> None:
    path = _huge_int(tmp_path)
    expected = f"{path}：文件中有一个 5000 位的整数，不是有效的答案"
    assert clean_failure(cli("score", "village-star", path)) == expected
    assert clean_failure(cli("load", path, "--store", tmp_path / "s.sqlite3")) == expected
    out = tmp_path / "roll.xlsx"
    run = cli("aggregate", "--rubric", "village-star", path, EXAMPLE, "-o", out)
    assert run.code == 0, run.text
    with zipfile.ZipFile(out) as zf:
        text = b"".join(zf.read(n) for n in zf.namelist() if n.endswith(".xml")).decode("utf-8")
    assert "文件中有一个 5000 位的整数，不是有效的答案" in text
    assert "Exceeds the limit" not in text and "ValueError" not in text


@pytest.mark.parametrize("command", ["export", "aggregate"])
def test_file_too_large_for_ulimit_is_said_in_chinese_without_noise(command: str, tmp_path: Path) -> None:
    out = tmp_path / "out.xlsx"
    args = (
        ["export", "village-star", EXAMPLE, "-o", out]
        if command == "export"
        else ["aggregate", "--rubric", "village-star", EXAMPLE, PARTIAL, "-o", out]
    )
    err = clean_failure(cli(*args, fsize=16 * 1024))
    assert err == f"无法写入 {out}：文件超过了系统允许的大小；文件没有写出，原有文件（如有）未改动"
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir()] == [], "no temporary file left behind"


# --- unbounded -------------------------------------------------------------------------------


def _not_regular(kind: str, tmp_path: Path) -> Path:
    if kind == "dev-zero":
        return Path("/dev/zero")
    if kind == "fifo":
        path = tmp_path / "pipe.json"
        os.mkfifo(path)
        return path
    path = tmp_path / "folder.xlsx"
    path.mkdir()
    return path


NOT_REGULAR = "不是普通文件（可能是设备、管道或套接字），不能作为"


@pytest.mark.parametrize("kind", ["dev-zero", "fifo"])
def test_every_reader_refuses_what_is_not_a_regular_file(kind: str, tmp_path: Path) -> None:
    bad = _not_regular(kind, tmp_path)
    store = tmp_path / "s.sqlite3"
    assert clean_failure(cli("score", "village-star", bad)) == f"{bad}：{NOT_REGULAR}自评文件读取"
    assert clean_failure(cli("load", bad, "--store", store)) == f"{bad}：{NOT_REGULAR}自评文件读取"
    assert clean_failure(cli("validate", bad)).splitlines()[0] == f"{bad}:1:1: {NOT_REGULAR}评分细则文件读取"
    assert clean_failure(cli("score", bad, EXAMPLE)).splitlines()[1] == f"{bad}:1:1: {NOT_REGULAR}评分细则文件读取"
    assert clean_failure(cli("read", bad)) == f"{bad}：拒绝读取：{NOT_REGULAR}工作簿读取"
    assert clean_failure(cli("import", bad, "-o", tmp_path / "x.json")).startswith(f"{bad}：")
    prev = cli("aggregate", "--rubric", "village-star", "--previous", bad, EXAMPLE, "-o", tmp_path / "r.xlsx")
    assert clean_failure(prev) == f"上年汇总表 {bad}：{NOT_REGULAR}工作簿读取"


def test_a_folder_named_as_a_workbook_is_refused(tmp_path: Path) -> None:
    from checklist.report import RefusedReport, read_report

    folder = _not_regular("dir", tmp_path)
    with pytest.raises(RefusedReport, match=r"^是一个文件夹，不是工作簿$"):
        read_report(folder)


def test_aggregate_lists_a_device_among_inputs_as_refused(tmp_path: Path) -> None:
    out = tmp_path / "r.xlsx"
    run = cli("aggregate", "--rubric", "village-star", EXAMPLE, "/dev/zero", "-o", out)
    assert run.code == 0, run.text
    with zipfile.ZipFile(out) as zf:
        text = b"".join(zf.read(n) for n in zf.namelist() if n.endswith(".xml")).decode("utf-8")
    assert "不是普通文件（可能是设备、管道或套接字），未读取" in text


# --- wrong or silent --------------------------------------------------------------------------


def test_a_long_repetitive_note_exports_and_reads_back(tmp_path: Path) -> None:
    """What the writer writes, the reader accepts: a note at the bound compresses 1000:1."""
    from checklist.assessment import MAX_NOTE

    data = example_data()
    first = next(iter(data["answers"]))
    data["answers"][first]["note"] = "好" * MAX_NOTE
    src = write_json(tmp_path / "a.json", data)
    out = tmp_path / "a.xlsx"
    assert cli("export", "village-star", src, "-o", out).code == 0
    run = cli("read", out)
    assert run.code == 0, run.text
    roll = cli("aggregate", "--rubric", "village-star", out, "-o", tmp_path / "r.xlsx")
    assert roll.code == 0 and "拒绝读取" not in roll.err, roll.text


def test_a_5mb_note_is_refused_where_it_enters(tmp_path: Path) -> None:
    data = example_data()
    first = next(iter(data["answers"]))
    data["answers"][first]["note"] = "好" * (5 * 1024 * 1024 // 3)
    src = write_json(tmp_path / "a.json", data)
    err = clean_failure(cli("load", src, "--store", tmp_path / "s.sqlite3"))
    assert err.splitlines()[0] == f"{src}：自评文件有 1 处格式问题："
    assert err.splitlines()[1].startswith(f"  · “answers.{first}.note”应为不超过 4000 个字，现为 ")


def test_a_5mb_member_of_our_own_is_judged_by_size_not_ratio(tmp_path: Path) -> None:
    from checklist.xlsx.package import Package

    path = tmp_path / "x.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/sharedStrings.xml", "<a>" + "好" * (5 * 1024 * 1024 // 3) + "</a>")
    with Package(path) as pkg:  # not refused as a bomb
        assert "xl/sharedStrings.xml" in pkg.members


def test_aggregate_on_a_missing_path_exits_1_naming_it(tmp_path: Path) -> None:
    gone = tmp_path / "nowhere"
    out = tmp_path / "r.xlsx"
    err = clean_failure(cli("aggregate", "--rubric", "village-star", gone, "-o", out))
    assert err == f"找不到以下输入（文件或文件夹不存在），未汇总：{gone}"
    assert not out.exists()
    empty = tmp_path / "empty"
    empty.mkdir()
    err = clean_failure(cli("aggregate", "--rubric", "village-star", empty, "-o", out))
    assert err == f"在 {empty} 中没有找到自评表（.xlsx）或自评文件（.json），未汇总"


def test_score_lists_unknown_invalid_and_unjustified_answers_and_strict_fails(tmp_path: Path) -> None:
    from checklist.rubric import load_rubric

    rubric = load_rubric(RUBRIC).rubric
    judged = next(i for i in rubric.items() if i.rule.type == "judged" and i.bonus) if any(
        i.rule.type == "judged" and i.bonus for i in rubric.items()
    ) else next(i for i in rubric.items() if i.rule.type == "judged")
    yesno = next(i for i in rubric.items() if i.rule.type == "yesno")
    data = example_data()
    data["answers"]["no_such_item"] = {"value": True}
    data["answers"][yesno.id] = {"value": "当然"}
    data["answers"][judged.id] = {"value": float(judged.rule.min) if isinstance(judged.rule.min, (int, float)) else 1, "note": ""}
    path = write_json(tmp_path / "a.json", data)
    run = cli("score", "village-star", path)
    assert run.code == 0, run.text
    notes = [line for line in run.out.splitlines() if line.startswith("注意：")]
    assert "注意：1 项答案在评分细则中没有对应指标，未计分：no_such_item" in notes
    assert f"注意：[{yesno.id}] {yesno.title}：答案无效：应选择“是”或“否”，未计分" in notes
    assert f"注意：[{judged.id}] {judged.title}：评定分须写明理由（备注），请补充，未计分" in notes
    strict = cli("score", "village-star", path, "--strict")
    assert strict.code == 1 and "Traceback" not in strict.text
    assert cli("score", "village-star", EXAMPLE, "--strict").code == 0
    as_json = cli("score", "village-star", path, "--json", "--strict")
    assert as_json.code == 1 and json.loads(as_json.out)["total"] is not None
    assert "注意：1 项答案在评分细则中没有对应指标" in as_json.err


def test_json_with_three_wrong_types_names_all_three_with_what_was_expected(tmp_path: Path) -> None:
    data = example_data()
    first = next(iter(data["answers"]))
    data["year"], data["village"], data["answers"][first]["na"] = "abc", [1], "x"
    path = write_json(tmp_path / "a.json", data)
    assert clean_failure(cli("score", "village-star", path)).splitlines() == [
        f"{path}：自评文件有 3 处格式问题：",
        "  · “village”应为文字（加英文双引号），现为 [1]",
        "  · “year”应为整数（如 2026），现为 \"abc\"",
        f"  · “answers.{first}.na”应为 true 或 false，现为 \"x\"",
    ]


@pytest.mark.parametrize("cut", [0.5, 0.9, -1, -2])
def test_a_truncated_json_is_called_incomplete(cut: float, tmp_path: Path) -> None:
    raw = EXAMPLE.read_bytes()
    end = int(len(raw) * cut) if cut > 0 else len(raw) + int(cut) - 1
    path = tmp_path / "cut.json"
    path.write_bytes(raw[:end])
    err = clean_failure(cli("score", "village-star", path))
    assert err.startswith(f"{path}：文件不完整，可能未传完"), err


def test_a_json_cut_inside_a_chinese_character_is_called_incomplete(tmp_path: Path) -> None:
    raw = EXAMPLE.read_bytes()
    at = raw.index("村".encode()) + 1
    path = tmp_path / "cut.json"
    path.write_bytes(raw[:at])
    assert clean_failure(cli("score", "village-star", path)) == f"{path}：文件不完整，可能未传完（在最后一个字处中断）"


def test_minus_zero_is_zero(tmp_path: Path) -> None:
    from checklist.rubric import load_rubric

    rubric = load_rubric(RUBRIC).rubric
    count = next(i for i in rubric.items() if i.rule.type == "count" and not i.relevant_when)
    data = example_data()
    data["answers"][count.id] = {"value": -0.0}
    path = write_json(tmp_path / "a.json", data)
    out = cli("score", "village-star", path).out
    assert "-0" not in out
    from checklist.numbers import fmt, parse_number

    assert fmt(parse_number("-0")) == "0" and fmt(parse_number("－０")) == "0"


def test_no_python_list_in_a_message(tmp_path: Path) -> None:
    from checklist.rubric import load_rubric

    rubric = load_rubric(RUBRIC).rubric
    choice = next(i for i in rubric.items() if i.rule.type == "choice" and not i.relevant_when)
    data = example_data()
    data["answers"][choice.id] = {"value": ["city"]}
    path = write_json(tmp_path / "a.json", data)
    run = cli("score", "village-star", path)
    assert "['city']" not in run.text and "[" + "'" not in run.text
    assert f"注意：[{choice.id}] {choice.title}：答案无效：应为一个选项的编号（" in run.out


@pytest.mark.parametrize(
    ("field", "value", "reason"),
    [
        ("village", "   ", "请填写村名"),
        ("township", "城关\x07镇", "乡镇（街道）含有不可见的控制字符，请重新输入"),
        ("village", "村" * 41, "村名太长（不超过 40 个字）"),
        ("year", 1850, "年度应为四位数年份，如 2026"),
    ],
)
def test_load_checks_names_as_the_form_does(field: str, value: object, reason: str, tmp_path: Path) -> None:
    data = example_data()
    data[field] = value
    path = write_json(tmp_path / "a.json", data)
    assert clean_failure(cli("load", path, "--store", tmp_path / "s.sqlite3")) == f"未加入存储：{reason}"


def test_loading_twice_names_the_draft_already_there(tmp_path: Path) -> None:
    store = tmp_path / "s.sqlite3"
    assert cli("load", EXAMPLE, "--store", store).code == 0
    err = clean_failure(cli("load", EXAMPLE, "--store", store))
    assert err.startswith("未加入存储：与已有自评 #1 同村同年度（2026年度 新丰镇 桃源村）")
    assert cli("load", EXAMPLE, "--store", store, "--again").code == 0
    with sqlite3.connect(store) as conn:
        assert conn.execute("SELECT COUNT(*) FROM assessments").fetchone() == (2,)


def test_one_rule_for_every_output(tmp_path: Path) -> None:
    store = tmp_path / "s.sqlite3"
    assert cli("load", EXAMPLE, "--store", store).code == 0
    nowhere = Path("/nonexistent-checklist-dir/x.xlsx")
    err = clean_failure(cli("export", "village-star", EXAMPLE, "-o", nowhere))
    assert err == f"{nowhere}：所在的文件夹 {nowhere.parent} 不存在；请先建好文件夹，或换一个位置"
    assert not nowhere.parent.exists()
    csv = tmp_path / "out.csv"
    for args in (
        ["export", "village-star", EXAMPLE, "-o", csv],
        ["template", "village-star", "-o", csv],
        ["aggregate", "--rubric", "village-star", EXAMPLE, "-o", csv],
    ):
        assert clean_failure(cli(*args)) == f"{csv}：写出的是Excel 工作簿，文件名应以 .xlsx 结尾（如 out.xlsx）"
    assert not csv.exists()
    js = tmp_path / "dump.json"
    js.write_text("keep", encoding="utf-8")
    assert clean_failure(cli("dump", "1", "-o", js, "--store", store)) == f"{js} 已存在；如要覆盖，请加 --force"
    assert js.read_text(encoding="utf-8") == "keep"
    assert cli("dump", "1", "-o", js, "--store", store, "--force").code == 0
    assert json.loads(js.read_text(encoding="utf-8"))["village"] == "桃源村"
    xlsx_as_json = tmp_path / "dump.xlsx"
    assert clean_failure(cli("dump", "1", "-o", xlsx_as_json, "--store", store)).startswith(
        f"{xlsx_as_json}：写出的是自评文件（JSON），文件名应以 .json 结尾"
    )


def test_no_terminal_attached_says_so(tmp_path: Path) -> None:
    err = clean_failure(cli("--store", tmp_path / "s.sqlite3", timeout=20))
    assert err.startswith("没有连接终端：填报界面须在终端（命令行窗口）中打开")


def test_read_exits_1_for_a_broken_checksum(tmp_path: Path) -> None:
    out = tmp_path / "a.xlsx"
    assert cli("export", "village-star", EXAMPLE, "-o", out).code == 0
    from fault_workbooks import tamper_data

    bad = tamper_data(out, tmp_path / "tampered.xlsx")
    run = cli("read", bad)
    assert run.code == 1 and "Traceback" not in run.text
    assert "（校验和不符）" in run.out


# --- the store: disk full, read-only ----------------------------------------------------------

small_disk = pytest.mark.skipif(not can_unshare(), reason="no private mount namespace (unshare -rm) here")


@small_disk
def test_disk_full_before_the_store_opens_says_disk_full(tmp_path: Path) -> None:
    disk = tmp_path / "disk"
    done = on_small_disk(disk, f"dd if=/dev/zero of={disk}/fill bs=1k count=200 2>/dev/null; $CL drafts --store {disk}/s.sqlite3", "64k")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Traceback" not in done.stderr and "disk I/O error" not in done.stderr
    assert done.stderr.strip() == (
        f"磁盘已满，无法写入存储文件 {disk}/s.sqlite3：请清理磁盘后重试（这次操作没有完成，已存的内容未受影响）"
    )


@small_disk
def test_read_only_disk_says_read_only_in_chinese(tmp_path: Path) -> None:
    disk = tmp_path / "disk"
    store = disk / "s.sqlite3"
    script = f"$CL load {EXAMPLE} --store {store} >/dev/null && mount -o remount,ro {disk} && $CL load {PARTIAL} --store {store}"
    done = on_small_disk(disk, script)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "readonly" not in done.stderr and "Traceback" not in done.stderr
    assert done.stderr.strip() == (
        f"无法读写存储文件 {store}：所在的磁盘是只读的（如写保护的U盘或光盘），请换一个可写的位置"
        "（这次操作没有完成，已存的内容未受影响）"
    )


@small_disk
def test_export_to_a_full_disk_says_so_and_leaves_nothing(tmp_path: Path) -> None:
    disk = tmp_path / "disk"
    script = f"dd if=/dev/zero of={disk}/fill bs=1k count=124 2>/dev/null; $CL export village-star {EXAMPLE} -o {disk}/a.xlsx; echo rc=$?; ls {disk}"
    done = on_small_disk(disk, script, "128k")
    assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr
    assert done.stderr.strip() == f"无法写入 {disk}/a.xlsx：磁盘已满；文件没有写出，原有文件（如有）未改动"
    assert done.stdout.split() == ["rc=1", "fill"]


@pytest.fixture(autouse=True, scope="module")
def _report_peak() -> Any:
    """The largest peak RSS of this module's runs, for tests/faults/README.md (shown with -s)."""
    yield
    from fault_support import PEAKS

    if PEAKS:
        print(f"\n{len(PEAKS)} checklist runs, largest peak RSS {max(PEAKS):.0f} MB")
