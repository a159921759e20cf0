"""One server per store: the running server's address is kept beside the store file.

A second ``checklist web`` on the same store finds ``<store>.web.json``, asks that server
whether it is alive (with its token) and opens it instead of starting another app on the same
drafts. A file left by a server that was killed names a port nobody answers on (or another
server), so it is replaced."""

from __future__ import annotations

import contextlib
import json
import os
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ALIVE = "/alive"


@dataclass(frozen=True)
class Running:
    port: int
    token: str
    pid: int

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/?token={self.token}"


def state_path(store: Path) -> Path:
    return store.with_name(store.name + ".web.json")


def read_state(store: Path) -> Running | None:
    try:
        data = json.loads(state_path(store).read_text(encoding="utf-8"))
        return Running(port=int(data["port"]), token=str(data["token"]), pid=int(data["pid"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def alive(running: Running, store: Path) -> bool:
    """True when a server answers on that port with that token and serves this store."""
    url = f"http://127.0.0.1:{running.port}{ALIVE}?token={running.token}"
    request = urllib.request.Request(url, headers={"Host": f"127.0.0.1:{running.port}"})
    try:
        with urllib.request.urlopen(request, timeout=3) as response:  # loopback only
            answer = json.loads(response.read().decode("utf-8"))
    except (OSError, ValueError, urllib.error.URLError):
        return False
    return isinstance(answer, dict) and answer.get("store") == str(store)


def find_running(store: Path) -> Running | None:
    running = read_state(store)
    if running is not None and alive(running, store):
        return running
    return None


def claim(store: Path, running: Running) -> bool:
    """Record this server for the store; False when another live server got there first."""
    path = state_path(store)
    text = json.dumps({"port": running.port, "token": running.token, "pid": running.pid})
    for _ in range(2):
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            if find_running(store) is not None:
                return False
            with contextlib.suppress(FileNotFoundError):
                path.unlink()  # left by a server that was killed
            continue
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        return True
    return False


def release(store: Path, running: Running) -> None:
    """Remove the record, but only our own (a newer server may have replaced a stale one)."""
    if read_state(store) == running:
        with contextlib.suppress(OSError):
            state_path(store).unlink()
