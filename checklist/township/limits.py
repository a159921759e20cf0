"""The roll-up's own limits on a workbook, tighter than the xlsx reader's: checked on the zip's
table of contents, before anything is decompressed."""

from __future__ import annotations

import zipfile
from collections.abc import Iterable
from pathlib import Path

# A village's report is tens of kilobytes; anything much larger is refused before parsing.
MAX_MEMBER = 16 * 1024 * 1024
MAX_TOTAL = 64 * 1024 * 1024


def precheck_zip(path: Path) -> str | None:
    """Why a workbook is refused before any of it is decompressed (None if it may be read)."""
    from checklist.infile import InputRefused, check_regular
    from checklist.xlsx.package import MAX_FILE

    try:  # a device, a pipe or a folder is never opened
        check_regular(path, MAX_FILE, "工作簿")
    except InputRefused as exc:
        return str(exc).removeprefix(f"{path}：")
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, EOFError):
        return "不是 Excel 工作簿（.xlsx 文件应为 zip 格式），可能已损坏或被改名"
    return too_large(infos)


def too_large(infos: Iterable[zipfile.ZipInfo]) -> str | None:
    """The roll-up's own (tighter) limits on a workbook's table of contents."""
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > MAX_MEMBER or total > MAX_TOTAL:
            return (
                f"工作簿内的“{info.filename[:80]}”解压后过大（{info.file_size // 1024} KB），"
                "不是正常的自评表（可能是压缩炸弹或超大工作表），拒绝读取"
            )
    return None
