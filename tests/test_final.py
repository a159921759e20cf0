"""定稿: the check before it, read-only after it, 撤回定稿 kept in the history, the CLI commands."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from store_support import EXAMPLES

from checklist.assessment import Answer
from checklist.cli import main
from checklist.store import Store, StoreFinal


@pytest.fixture
def store_file(tmp_path: Path) -> Path:
    return tmp_path / "data" / "checklist.sqlite3"


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def load(store_file: Path, name: str) -> int:
    r = run("load", EXAMPLES / name, "--store", store_file)
    assert r.exit_code == 0, r.output
    return int(r.stdout.split("自评编号 ")[1].split("：")[0])


def test_finalize_refuses_a_partial_draft_and_lists_every_open_item(store_file: Path) -> None:
    number = load(store_file, "village-star-partial.json")
    r = run("finalize", str(number), "--store", store_file)
    assert r.exit_code == 1
    assert "不能定稿" in r.stderr
    with Store.open(store_file) as s:
        assessment = s.assessment(number)
        assert s.finalized(number) is None
    given = {k for k, a in assessment.answers.items() if a.given}
    listed = [line for line in r.stderr.splitlines() if line.startswith("[")]
    assert listed, r.stderr
    assert all(line.split("]")[0][1:] not in given for line in listed)
    assert "未填写" in r.stderr
    assert "Traceback" not in r.output


def test_finalize_then_read_only_then_reopen_kept_in_history(store_file: Path) -> None:
    number = load(store_file, "village-star-complete.json")
    r = run("finalize", str(number), "--store", store_file)
    assert r.exit_code == 0, r.output
    assert "已定稿" in r.stdout and "年" in r.stdout
    with Store.open(store_file, owner="测试") as s:
        at = s.finalized(number)
        assert at is not None
        assert s.assessment(number).finalized == at
        assert s.drafts()[0].finalized == at
        assert s.acquire(number)
        item = next(iter(s.assessment(number).answers))
        before = s.assessment(number).answers[item]
        with pytest.raises(StoreFinal, match=r"已于.*定稿.*撤回定稿"):
            s.set_answer(number, item, Answer(value=None, note="改一下"))
        assert s.assessment(number).answers[item] == before
    again = run("finalize", str(number), "--store", store_file)
    assert again.exit_code == 1 and "已于" in again.stderr
    r = run("reopen", str(number), "--store", store_file)
    assert r.exit_code == 0, r.output
    with Store.open(store_file, owner="测试") as s:
        assert s.finalized(number) is None
        assert [c.final for c in s.final_history(number)] == [True, False]
        assert s.acquire(number)
        s.set_answer(number, item, Answer(value=None, note="改一下"))
    assert run("reopen", str(number), "--store", store_file).exit_code == 1


def test_dump_and_load_keep_the_final_mark(store_file: Path, tmp_path: Path) -> None:
    number = load(store_file, "village-star-complete.json")
    assert run("finalize", str(number), "--store", store_file).exit_code == 0
    out = tmp_path / "a.json"
    assert run("dump", str(number), "-o", out, "--store", store_file).exit_code == 0
    r = run("load", out, "--again", "--store", store_file)  # a second copy of the same village and year
    assert r.exit_code == 0, r.output
    with Store.open(store_file) as s:
        first, second = s.finalized(number), s.finalized(number + 1)
    assert first is not None and first == second


def test_a_version_2_store_gains_the_final_table(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    Store.open(path).close()
    conn = sqlite3.connect(path)
    conn.execute("DROP TABLE finals")
    conn.execute("PRAGMA user_version = 2")
    conn.commit()
    conn.close()
    with Store.open(path) as s:
        assert s.drafts() == []
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT count(*) FROM finals").fetchone()[0] == 0
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 3
    conn.close()


def _export(src: Path, out: Path) -> Result:
    r = run("export", "village-star", src, "-o", out)
    assert r.exit_code == 0, r.output
    return r


def test_a_draft_export_says_draft_in_the_title_and_every_header(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    out = tmp_path / "draft.xlsx"
    _export(EXAMPLES / "village-star-complete.json", out)
    wb = load_workbook(out)
    visible = [ws for ws in wb.worksheets if ws.sheet_state == "visible"]
    assert len(visible) >= 3
    for ws in visible:
        assert "草稿（未定稿）" in str(ws["A1"].value), ws.title
        assert ws.oddHeader.right.text == "草稿（未定稿）"
        assert (ws.oddHeader.left.text or "").endswith(f" {ws.title}")
        assert "2026年度" in (ws.oddHeader.left.text or "")


def test_a_final_export_prints_its_time_and_the_code_read_prints(store_file: Path, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    number = load(store_file, "village-star-complete.json")
    assert run("finalize", str(number), "--store", store_file).exit_code == 0
    src = tmp_path / "final.json"
    assert run("dump", str(number), "-o", src, "--store", store_file).exit_code == 0
    out = tmp_path / "final.xlsx"
    _export(src, out)
    read = run("read", out)
    assert read.exit_code == 0, read.output
    code = read.stdout.split("校验码：")[1][:9]
    assert len(code) == 9 and code[4] == "-"
    wb = load_workbook(out)
    for ws in (w for w in wb.worksheets if w.sheet_state == "visible"):
        right = ws.oddHeader.right.text or ""
        assert "定稿时间：" in right and f"校验码：{code}" in right, (ws.title, right)
        assert "草稿" not in str(ws["A1"].value)
    assert "定稿时间：" in read.stdout


def test_year_is_a_number_and_times_print_as_the_village_wrote_them(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    from openpyxl import load_workbook
    from report_helpers import cell_beside

    monkeypatch.setenv("TZ", "America/New_York")  # far from the village's +08:00
    time.tzset()
    try:
        out = tmp_path / "r.xlsx"
        _export(EXAMPLES / "village-star-complete.json", out)
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
    ws = load_workbook(out)["汇总"]
    year = cell_beside(ws, "年度")
    assert year.value == 2026 and year.data_type == "n" and year.number_format == "0"
    assert cell_beside(ws, "填报时间").value == "2026年11月26日 21:45"  # as written, +08:00
