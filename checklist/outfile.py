"""The one rule for every file a command writes (export, dump, aggregate, template, import).

- The name ends in what is written (``.xlsx`` for a workbook, ``.json`` for an assessment).
- An existing file is overwritten only with ``--force``; a folder never is.
- A path the user gives must be in a folder that exists: we never create folders for it (a
  typo would scatter folders, even at the root). Only the default ``reports/`` is created.
- A failed write says why in Chinese and leaves no half-written file.
"""

from __future__ import annotations

from pathlib import Path

from checklist.errors import UserError
from checklist.infile import os_reason

KINDS = {".xlsx": "Excel 工作簿", ".json": "自评文件（JSON）"}


class OutputRefused(UserError):
    """The output path breaks the rule above, or writing it failed."""


def check_output(path: Path, suffix: str, *, force: bool, default: bool = False) -> Path:
    """``path`` if it may be written; the default path's folder is created here."""
    if path.suffix.lower() != suffix:
        better = path.with_suffix(suffix).name if path.suffix else path.name + suffix
        raise OutputRefused(f"{path}：写出的是{KINDS.get(suffix, suffix)}，文件名应以 {suffix} 结尾（如 {better}）")
    if path.is_dir():
        raise OutputRefused(f"{path} 是一个文件夹；请写明文件名（如 {path / ('输出' + suffix)}）")
    if path.exists() and not force:
        raise OutputRefused(f"{path} 已存在；如要覆盖，请加 --force")
    folder = path.parent
    if default:
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputRefused(f"无法创建文件夹 {folder}（{os_reason(exc)}）") from None
    elif not folder.is_dir():
        what = "不是文件夹" if folder.exists() else "不存在"
        raise OutputRefused(f"{path}：所在的文件夹 {folder} {what}；请先建好文件夹，或换一个位置")
    return path


def write_failed(path: Path, exc: OSError) -> OutputRefused:
    """Why ``path`` could not be written (disk full, file too large, no permission …)."""
    return OutputRefused(f"无法写入 {path}：{os_reason(exc)}；文件没有写出，原有文件（如有）未改动")
