"""The edit lock of one assessment lives in the store file (table ``locks``), not in fcntl:
it works the same on Windows. A lock is stale, and may be taken over, when its holder's
process is gone (same computer) or its heartbeat is older than ``STALE_AFTER``."""

from __future__ import annotations

import os
import socket
import sys
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from checklist.store.codec import now, parse_time

STALE_AFTER = timedelta(minutes=2)
HEARTBEAT_SECONDS = 30  # how often a holder should call Store.heartbeat (well inside STALE_AFTER)


@dataclass(frozen=True)
class LockRow:
    token: str
    pid: int
    host: str
    owner: str
    since: datetime
    heartbeat: datetime

    def stale(self, at: datetime | None = None) -> bool:
        moment = at or now()
        if moment - self.heartbeat > STALE_AFTER:
            return True
        return self.host == this_host() and not pid_alive(self.pid)

    def describe(self) -> str:
        """``本机的另一个窗口，自 19:30 起`` (people know windows and computers, not process numbers)."""
        where = "本机的另一个窗口" if self.host == this_host() else f"另一台电脑（{self.host}）上的窗口"
        who = f"（{self.owner}）" if self.owner else ""
        return f"{where}{who}，自 {_clock(self.since)} 起"


def _clock(moment: datetime) -> str:
    local = moment.astimezone()
    today = now().date()
    if local.date() == today:
        return local.strftime("%H:%M")
    if local.year == today.year:
        return f"{local.month}月{local.day}日 {local:%H:%M}"
    return f"{local.year}年{local.month}月{local.day}日 {local:%H:%M}"


def row_from(values: tuple[str, int, str, str, str, str]) -> LockRow:
    token, pid, host, owner, since, heartbeat = values
    return LockRow(token, int(pid), host, owner, parse_time(since), parse_time(heartbeat))


def this_host() -> str:
    return socket.gethostname() or "localhost"


def pid_alive(pid: int) -> bool:
    """Whether a process with this id runs on this computer (never signals it: on Windows
    ``os.kill(pid, 0)`` would terminate the process)."""
    if pid <= 0:
        return False
    if pid == os.getpid():
        return True
    if sys.platform == "win32":
        return _windows_alive(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # exists, owned by someone else
    except OSError:
        return False
    return not _zombie(pid)


def _zombie(pid: int) -> bool:
    """A killed child not yet reaped still answers kill(0); on Linux /proc says it is dead."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rpartition(")")[2].split()[:1] == ["Z"]


if sys.platform == "win32":
    import ctypes
    from ctypes import wintypes

    def _windows_alive(pid: int) -> bool:
        kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
        kernel32.OpenProcess.restype = wintypes.HANDLE
        handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return ctypes.get_last_error() == 5  # ERROR_ACCESS_DENIED: it exists
        try:
            code = wintypes.DWORD()
            if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
                return True
            return code.value == 259  # STILL_ACTIVE
        finally:
            kernel32.CloseHandle(handle)

else:

    def _windows_alive(pid: int) -> bool:
        raise NotImplementedError
