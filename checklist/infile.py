"""Reading a user's file with a bound: only a regular file, never more than a documented size.

Every reader (rubric, assessment, workbook, previous roll-up, review) goes through here, so
``/dev/zero``, a FIFO, a folder or a 24 GB file is refused at once, in Chinese, and never
read into memory. A FIFO is refused from ``stat`` alone: opening one would wait for a writer.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from checklist.errors import UserError

MB = 1024 * 1024


class InputRefused(UserError):
    """The file cannot be read as asked: missing, not a regular file, too large, unreadable."""


def _size_text(limit: int) -> str:
    return f"{limit // MB} MB" if limit >= 10 * MB or limit % MB == 0 else f"{limit // 1024} KB"


def check_regular(path: str | Path, limit: int, what: str = "文件") -> int:
    """The size of ``path`` if it is a regular file of at most ``limit`` bytes; else InputRefused."""
    p = Path(path)
    try:
        st = os.stat(p)
    except FileNotFoundError:
        raise InputRefused(f"{p}：文件不存在") from None
    except OSError as exc:
        raise InputRefused(f"{p}：无法读取{what}（{os_reason(exc)}）") from None
    if stat.S_ISDIR(st.st_mode):
        raise InputRefused(f"{p}：是一个文件夹，不是{what}")
    if not stat.S_ISREG(st.st_mode):
        raise InputRefused(f"{p}：不是普通文件（可能是设备、管道或套接字），不能作为{what}读取")
    if st.st_size > limit:
        raise InputRefused(f"{p}：文件过大（{_size_text(st.st_size)}），{what}不得超过 {_size_text(limit)}")
    return st.st_size


def read_regular(path: str | Path, limit: int, what: str = "文件") -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes (checked again while reading, in
    case it grows or is swapped meanwhile); InputRefused otherwise."""
    p = Path(path)
    check_regular(p, limit, what)
    try:
        fd = os.open(p, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        raise InputRefused(f"{p}：无法读取{what}（{os_reason(exc)}）") from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise InputRefused(f"{p}：不是普通文件（可能是设备、管道或套接字），不能作为{what}读取")
        chunks: list[bytes] = []
        got = 0
        while got <= limit:
            chunk = os.read(fd, min(MB, limit + 1 - got))
            if not chunk:
                break
            chunks.append(chunk)
            got += len(chunk)
    except OSError as exc:
        raise InputRefused(f"{p}：无法读取{what}（{os_reason(exc)}）") from None
    finally:
        os.close(fd)
    if got > limit:
        raise InputRefused(f"{p}：文件过大，{what}不得超过 {_size_text(limit)}")
    return b"".join(chunks)


_REASONS = {
    "EACCES": "没有读取权限",
    "EPERM": "没有权限",
    "EISDIR": "是一个文件夹",
    "EIO": "读写出错，磁盘或U盘可能已损坏",
    "ENOSPC": "磁盘已满",
    "EDQUOT": "磁盘配额已用完",
    "EFBIG": "文件超过了系统允许的大小",
    "EROFS": "磁盘是只读的",
    "ENAMETOOLONG": "文件名过长",
    "ENOENT": "文件或文件夹不存在",
    "ENOTDIR": "路径中有一段不是文件夹",
    "ELOOP": "符号链接循环",
    "EMFILE": "打开的文件过多",
    "ENXIO": "设备不存在",
}


def os_reason(exc: OSError) -> str:
    """An OS error in Chinese words (its English text never reaches the user)."""
    import errno

    name = errno.errorcode.get(exc.errno or 0, "")
    return _REASONS.get(name, f"系统错误 {name or exc.errno}")

