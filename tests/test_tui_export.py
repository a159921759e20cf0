"""Export from the app: the dialog (default name, absolute path), 覆盖？ before any overwrite, the
write in a thread worker through the pure writer, a notification with the full path, clear
Chinese messages when the folder cannot be written, and nothing half-written."""

from __future__ import annotations

import errno
import os
import sys
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from textual.widgets import Input, Static
from tui_support import answers, app_for, make_draft, open_walk, run

from checklist.assessment import Answer
from checklist.report import ReportExists
from checklist.store import Store
from checklist.tui.dialogs.confirm import ConfirmDialog
from checklist.tui.dialogs.export import ExportDialog, export_error, target_path
from checklist.tui.screens.review import ReviewScreen
from checklist.tui.screens.walk import WalkScreen

NAME = "2025-城关镇-红旗村-自评.xlsx"


def answered_draft(store: Path) -> int:
    draft = make_draft(store)
    with Store.open(store) as s:
        assert s.acquire(draft)
        s.set_answer(draft, "meeting", Answer(value=True, note="每月召开"))
        s.set_answer(draft, "branch", Answer(value="county"))
        s.set_answer(draft, "income", Answer(value=Decimal(12)))
        s.release(draft)
    return draft


def messages(app: Any) -> list[str]:
    return [f"{n.title} {n.message}" for n in app._notifications]


async def settle(pilot: Any) -> None:
    """Let the export worker finish and its message reach the app."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def summary_cells(path: Path) -> dict[str, Any]:
    from openpyxl import load_workbook

    wb = load_workbook(path)
    ws = wb["汇总"]
    cells: dict[str, Any] = {}
    for row in ws.iter_rows():
        for cell in row:
            if cell.value is not None:
                cells[cell.coordinate] = cell.value
    return cells


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_export_writes_the_workbook_named_by_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = tmp_path / "s.sqlite3"
    answered_draft(store)
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    documents = tmp_path / "文档"
    monkeypatch.setenv("XDG_DOCUMENTS_DIR", str(documents))  # the user's documents folder (platformdirs)

    async def go() -> None:
        app = app_for(store)
        async with app.run_test(size=(100, 30)) as pilot:
            screen = await open_walk(pilot, "meeting")
            total = screen.session.result.total
            await pilot.press("escape")  # from the answer to the tree
            await pilot.press("e")
            await pilot.pause()
            dialog = app.screen
            assert isinstance(dialog, ExportDialog)
            shown = dialog.query_one("#export-path", Input).value
            # Issue 10: in the documents folder, absolute, not under the folder the program started in.
            assert shown == str(documents / "checklist" / NAME)
            assert "红旗村" in str(dialog.query_one("#export-summary", Static).render())
            await pilot.press("enter")
            await settle(pilot)
            assert app.screen is screen
            target = documents / "checklist" / NAME
            assert target.is_file()
            assert not (work / "reports").exists()
            await pilot.press("f1")
            await pilot.pause()
            assert str(documents / "checklist") in str(app.screen.query_one("#keys", Static).render())
            await pilot.press("escape")
            await pilot.pause()
            assert any("导出成功" in m and str(target) in m for m in messages(app)), messages(app)
            cells = summary_cells(target)
            assert any("红旗村" in str(v) for v in cells.values())
            label = next(k for k, v in cells.items() if v == "总分")
            assert Decimal(str(cells["B" + label[1:]])) == total
            assert leftovers(target.parent) == []

    run(go())


def test_existing_file_asks_first_and_no_keeps_the_old_bytes(tmp_path: Path) -> None:
    store = tmp_path / "s.sqlite3"
    answered_draft(store)
    target = tmp_path / "out" / "自评.xlsx"
    target.parent.mkdir()
    target.write_bytes(b"old workbook, stamped and submitted")

    async def go() -> None:
        app = app_for(store)
        async with app.run_test(size=(100, 30)) as pilot:
            screen = await open_walk(pilot, "meeting")
            screen.query_one("#note", Input).focus()
            await pilot.press("ctrl+e")  # from inside a text box too
            await pilot.pause()
            assert isinstance(app.screen, ExportDialog)
            app.screen.query_one("#export-path", Input).value = str(target)
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, ConfirmDialog)
            question = str(app.screen.query_one("#question", Static).render())
            assert "覆盖？" in question and str(target) in question
            await pilot.press("enter")  # focus is on 不覆盖: a stray Enter never overwrites
            await pilot.pause()
            assert isinstance(app.screen, ExportDialog), "asked again, to give another name"
            assert app.screen.query_one("#export-path", Input).value == str(target)
            await pilot.press("escape")
            await settle(pilot)
            assert app.screen is screen
            assert target.read_bytes() == b"old workbook, stamped and submitted"
            assert not any("导出成功" in m for m in messages(app))

            await pilot.press("ctrl+e")
            await pilot.pause()
            app.screen.query_one("#export-path", Input).value = str(target)
            await pilot.press("enter")
            await pilot.pause()
            await pilot.press("y")  # 覆盖
            await settle(pilot)
            assert any("导出成功" in m for m in messages(app))
        assert target.read_bytes().startswith(b"PK")
        assert any("红旗村" in str(v) for v in summary_cells(target).values())
        assert leftovers(target.parent) == []

    run(go())


def test_folder_that_is_a_file_says_why_and_writes_nothing(tmp_path: Path) -> None:
    store = tmp_path / "s.sqlite3"
    answered_draft(store)
    blocker = tmp_path / "reports"
    blocker.write_text("a file where the folder should be")

    async def go() -> None:
        app = app_for(store)
        async with app.run_test(size=(100, 30)) as pilot:
            await open_walk(pilot)
            await pilot.press("e")
            await pilot.pause()
            app.screen.query_one("#export-path", Input).value = str(blocker / "x.xlsx")
            await pilot.press("enter")
            await settle(pilot)
            shown = messages(app)
            assert any("导出失败" in m and "不是文件夹" in m and "没有生成新文件" in m for m in shown), shown
        assert blocker.read_text() == "a file where the folder should be"

    run(go())


def test_unwritable_folder_says_why(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The writer's temporary file cannot be created (as in a folder without write permission;
    simulated, since the tests may run as root where chmod does not stop a write)."""
    store = tmp_path / "s.sqlite3"
    answered_draft(store)
    folder = tmp_path / "locked"
    folder.mkdir()

    import checklist.xlsx.atomic as atomic

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(atomic, "tempfile", SimpleNamespace(mkstemp=refuse))

    async def go() -> None:
        app = app_for(store)
        async with app.run_test(size=(100, 30)) as pilot:
            await open_walk(pilot)
            await pilot.press("r", "e")  # from the review
            await pilot.pause()
            assert isinstance(app.screen, ExportDialog)
            app.screen.query_one("#export-path", Input).value = str(folder / "自评")
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, ReviewScreen)
            shown = messages(app)
            assert any("导出失败" in m and "没有权限写入文件夹" in m and str(folder) in m for m in shown), shown
        assert list(folder.iterdir()) == []

    run(go())


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="needs POSIX permissions and no root")
def test_really_read_only_folder(tmp_path: Path) -> None:
    store = tmp_path / "s.sqlite3"
    answered_draft(store)
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)

    async def go() -> None:
        app = app_for(store)
        async with app.run_test(size=(100, 30)) as pilot:
            await open_walk(pilot)
            await pilot.press("e")
            await pilot.pause()
            app.screen.query_one("#export-path", Input).value = str(folder / "a.xlsx")
            await pilot.press("enter")
            await settle(pilot)
            assert any("没有权限写入文件夹" in m for m in messages(app)), messages(app)

    try:
        run(go())
    finally:
        folder.chmod(0o755)
    assert list(folder.iterdir()) == []


def test_command_palette_has_export_and_answers_stay(tmp_path: Path) -> None:
    store = tmp_path / "s.sqlite3"
    draft = answered_draft(store)

    async def go() -> None:
        app = app_for(store)
        async with app.run_test(size=(100, 30)) as pilot:
            screen = await open_walk(pilot)
            assert isinstance(screen, WalkScreen)
            await pilot.press("ctrl+p")
            await pilot.pause()
            await pilot.press(*"导出")
            await pilot.pause(0.5)
            await pilot.press("enter")
            await pilot.pause(0.3)
            assert isinstance(app.screen, ExportDialog)
            await pilot.press("escape")
            await pilot.pause()
            assert app.screen is screen

    run(go())
    assert answers(store, draft)["branch"].value == "county"


def test_target_path_rules(tmp_path: Path) -> None:
    assert target_path("  ", NAME, tmp_path) is None
    assert target_path("out/a", NAME, tmp_path) == tmp_path / "out" / "a.xlsx"
    assert target_path('"out/a.XLSX"', NAME, tmp_path) == tmp_path / "out" / "a.XLSX"
    assert target_path("out/", NAME, tmp_path) == tmp_path / "out" / NAME
    (tmp_path / "d").mkdir()
    assert target_path(str(tmp_path / "d"), NAME) == tmp_path / "d" / NAME
    assert target_path("~/x.xlsx", NAME, tmp_path) == Path.home() / "x.xlsx"


def test_error_messages_are_chinese_and_say_nothing_was_written(tmp_path: Path) -> None:
    path = tmp_path / "r" / "a.xlsx"
    cases = {
        ReportExists(path): "文件已存在",
        PermissionError(errno.EACCES, "denied"): "没有权限写入文件夹",
        FileNotFoundError(errno.ENOENT, "no"): "不存在",
        NotADirectoryError(errno.ENOTDIR, "no"): "不是文件夹",
        IsADirectoryError(errno.EISDIR, "dir"): "是一个文件夹",
        OSError(errno.ENOSPC, "full"): "磁盘已满",
        OSError(errno.EROFS, "ro"): "只读",
        OSError(errno.EIO, "Input/output error"): "读写出错，磁盘或U盘可能已损坏",
        ValueError("bad"): "导出出错",
    }
    for exc, words in cases.items():
        text = export_error(exc, path)
        assert words in text and text.endswith("（没有生成新文件，原有文件未改动）"), text
