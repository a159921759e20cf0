"""Export: where the scored workbook (自评表) goes.

``ExportDialog`` is a typed ``Dialog[Path | None]``: it asks for the file, prefilled with
the default ``{文档}/checklist/{年度}-{乡镇}-{村名}-自评.xlsx`` (the user's documents folder), and
hands back an absolute path (or None). The app then asks 覆盖？ when the file exists and writes
the workbook in a thread worker with the pure ``checklist.report.write_report``; the worker
posts ``ExportFinished`` and never touches a widget. Nothing here computes a score: the job
carries the Result the session already has."""

from __future__ import annotations

import errno
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.markup import escape
from textual.message import Message
from textual.widgets import Button, Input, Label, Static

from checklist.infile import os_reason
from checklist.tui.dialogs.base import Dialog

if TYPE_CHECKING:
    from checklist.assessment import Assessment
    from checklist.rubric import Rubric
    from checklist.scoring import Result
    from checklist.tui.session import Session

SUFFIX = ".xlsx"


@dataclass(frozen=True)
class ExportJob:
    """Everything ``write_report`` needs, taken on the UI thread (a copy: later answers do not
    leak into a workbook that is being written)."""

    rubric: Rubric
    sha256: str
    assessment: Assessment
    result: Result

    def default_path(self) -> Path:
        """The default name, in the user's documents folder (absolute)."""
        from checklist.report.names import default_report_path, export_folder

        return absolute(default_report_path(self.assessment, export_folder()))


def job_for(session: Session) -> ExportJob:
    """The session's rubric, the hash of the file it came from, a copy of the saved answers and
    the Result already on screen."""
    return ExportJob(
        rubric=session.rubric,
        sha256=session.info.rubric_sha256,
        assessment=session.assessment.model_copy(deep=True),
        result=session.result,
    )


class ExportRequested(Message):
    """Posted by a screen that wants its draft exported; the app asks where and writes it
    (attributes down, messages up: a screen never calls into the app to do work)."""

    def __init__(self, job: ExportJob) -> None:
        super().__init__()
        self.job = job


class ExportFinished(Message):
    """Posted by the export worker: ``written`` on success, else a Chinese ``error``."""

    def __init__(self, path: Path, written: Path | None, error: str | None, job: ExportJob) -> None:
        super().__init__()
        self.path = path
        self.written = written
        self.error = error
        self.job = job


def absolute(path: Path, cwd: Path | None = None) -> Path:
    path = path.expanduser()
    if path.is_absolute():
        return path
    if cwd is None:
        try:
            cwd = Path.cwd()
        except OSError:  # the folder we started in was removed
            cwd = Path.home()
    return cwd / path


def target_path(text: str, default_name: str, cwd: Path | None = None) -> Path | None:
    """What the user typed, as an absolute path to an .xlsx file; None when nothing was typed.

    Quotes (pasted from Windows Explorer) go; a folder gets the default file name; a name
    without .xlsx gets it."""
    text = text.strip().strip('"').strip("'").strip()
    if not text:
        return None
    ends_as_folder = text.endswith(("/", "\\"))
    path = absolute(Path(text), cwd)
    if ends_as_folder or path.is_dir():
        return path / default_name
    if path.suffix.lower() != SUFFIX:
        path = path.with_name(path.name + SUFFIX)
    return path


def export_error(exc: BaseException, path: Path) -> str:
    """Why the workbook was not written, in Chinese; it always ends by saying nothing was left
    half-written (write_report writes beside the target and renames)."""
    from checklist.errors import UserError
    from checklist.report import ReportExists

    folder = path.parent
    if isinstance(exc, ReportExists):
        why = f"文件已存在：{path}。没有覆盖它；请换一个文件名，或再次导出并确认覆盖"
    elif isinstance(exc, UserError):  # e.g. a payload too large to read back: its own words
        why = str(exc).rstrip("。")
    elif isinstance(exc, FileExistsError | NotADirectoryError):  # a file where the folder should be
        why = f"{folder} 不是文件夹（同名的文件已存在），请换一个保存位置"
    elif isinstance(exc, IsADirectoryError):
        why = f"{path} 是一个文件夹，请在后面加上文件名"
    elif isinstance(exc, PermissionError):
        why = (
            f"没有权限写入文件夹 {folder}，或同名文件正在 Excel/WPS 中打开。"
            f"请先关闭该文件，或换一个文件夹（如“文档”、桌面或U盘）"
        )
    elif isinstance(exc, FileNotFoundError):
        why = f"文件夹 {folder} 不存在或不可用，请检查路径"
    elif isinstance(exc, OSError) and exc.errno == errno.ENOSPC:
        why = f"磁盘已满，无法写入 {folder}"
    elif isinstance(exc, OSError) and exc.errno == errno.EROFS:
        why = f"{folder} 所在的磁盘只读，请换一个文件夹"
    elif isinstance(exc, OSError):
        why = f"无法写入 {path}：{os_reason(exc)}"
    else:
        why = f"导出出错：{exc}"
    return f"{why}。（没有生成新文件，原有文件未改动）"


class ExportDialog(Dialog[Path | None]):
    """Dismissed with the absolute path to write, or None when cancelled."""

    HELP: ClassVar[str] = (
        "导出自评表：生成可打印的 Excel 工作簿（汇总、评分明细、扣分清单）。"
        "可修改保存位置和文件名；回车或 ctrl+s 导出，Esc 取消。文件已存在时会先询问是否覆盖。"
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "取消"),
        Binding("ctrl+s", "submit", "导出"),
    ]

    def __init__(self, suggested: Path, summary: str = "") -> None:
        super().__init__()
        self.suggested = suggested
        self.summary = summary

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="export"):
            yield Label("导出自评表（Excel）", classes="dialog-title")
            if self.summary:
                yield Static(escape(self.summary), id="export-summary")
            yield Label("保存为（可修改路径和文件名）")
            yield Input(str(self.suggested), id="export-path", compact=True)
            yield Static("", id="export-error", classes="error")
            yield Static("回车导出，Esc 取消；文件已存在时会先询问是否覆盖。", classes="hint")
            with Horizontal(classes="buttons"):
                yield Button("导出", variant="primary", id="export-ok")
                yield Button("取消", id="export-cancel")

    def on_mount(self) -> None:
        box = self.query_one("#export-path", Input)
        box.focus()
        box.cursor_position = len(box.value)

    def action_submit(self) -> None:
        text = self.query_one("#export-path", Input).value
        path = target_path(text, self.suggested.name)
        error = self.query_one("#export-error", Static)
        if path is None:
            error.update("请填写保存位置和文件名")
            return
        error.update("")
        self.dismiss(path)

    @on(Button.Pressed, "#export-ok")
    @on(Input.Submitted, "#export-path")
    def _ok(self) -> None:
        self.action_submit()

    @on(Button.Pressed, "#export-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
