"""Real headless Chromium, driven over the DevTools protocol (CDP) with aiohttp's websocket
client: aiohttp already comes with textual-serve, so no selenium/chromedriver is needed, and
CDP is what types Chinese the way an input method does (Input.imeSetComposition, then
Input.insertText commits the text)."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import aiohttp

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1280,900",
]
URL = re.compile(r"http://127\.0\.0\.1:(\d+)/\?token=([\w-]+)")


def wait_until(check: Any, what: str, seconds: float = 60.0, every: float = 0.2) -> Any:
    """Poll until check() is truthy; a deadline only so a broken build fails instead of hanging."""
    end = time.monotonic() + seconds
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > end:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(every)


class WebServer:
    """``checklist --store STORE web --no-browser`` as a real process, read for its URL."""

    def __init__(self, store: Path, *extra: str) -> None:
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "checklist", "--store", str(store), "web", "--no-browser", *extra],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=env,
            start_new_session=True,
        )
        self.output = ""
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.output += line
            found = URL.search(line)
            if found:
                self.url = found.group(0)
                self.port = int(found.group(1))
                self.token = found.group(2)
                break
        else:
            raise AssertionError(f"no URL from checklist web:\n{self.output}")

    def children(self) -> list[int]:
        return child_pids(self.proc.pid)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def child_pids(pid: int) -> list[int]:
    """Direct children, from /proc (Linux, where these tests run)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError):
            stat = (entry / "stat").read_text()
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            if ppid == pid:
                found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


@contextlib.contextmanager
def chromium(profile: Path) -> Iterator[int]:
    """Start headless Chromium; yield its DevTools port."""
    assert CHROMIUM is not None
    profile.mkdir(parents=True, exist_ok=True)
    proc = subprocess.Popen(
        [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", "--remote-debugging-port=0", "about:blank"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        port_file = profile / "DevToolsActivePort"
        text = wait_until(lambda: port_file.exists() and port_file.read_text(), "Chromium DevTools port")
        yield int(text.split()[0])
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


class Page:
    """One tab over CDP."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        self.ws = ws
        self.ids = itertools.count(1)
        self.events: list[dict[str, Any]] = []

    async def send(self, method: str, **params: Any) -> dict[str, Any]:
        n = next(self.ids)
        await self.ws.send_str(json.dumps({"id": n, "method": method, "params": params}))
        while True:
            msg = json.loads((await self.ws.receive()).data)
            if msg.get("id") == n:
                if "error" in msg:
                    raise AssertionError(f"{method}: {msg['error']}")
                return dict(msg.get("result", {}))
            self.events.append(msg)

    async def js(self, expression: str) -> Any:
        result = await self.send("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        return result.get("result", {}).get("value")

    async def ready(self, seconds: float = 60.0) -> None:
        """Wait for the app's first screen, then put the keyboard in the terminal (xterm reads
        keys and the input method from its hidden text area, as when the secretary clicks)."""
        end = time.monotonic() + seconds
        while not await self.js("document.body && document.body.classList.contains('-first-byte')"):
            if time.monotonic() > end:
                raise AssertionError("the app never drew its first screen")
            await asyncio.sleep(0.2)
        await asyncio.sleep(2)  # the home screen is drawn a moment after the first bytes
        await self.js("document.querySelector('.xterm-helper-textarea').focus()")

    async def screenshot(self, path: Path) -> None:
        import base64

        shot = await self.send("Page.captureScreenshot")
        path.write_bytes(base64.b64decode(shot["data"]))

    async def key(self, key: str, code: str, key_code: int, text: str = "", modifiers: int = 0) -> None:
        base = {"key": key, "code": code, "windowsVirtualKeyCode": key_code, "modifiers": modifiers}
        await self.send("Input.dispatchKeyEvent", type="keyDown", text=text, **base)
        await self.send("Input.dispatchKeyEvent", type="keyUp", **base)

    async def press(self, name: str) -> None:
        keys = {
            "tab": ("Tab", "Tab", 9, "\t"),
            "enter": ("Enter", "Enter", 13, "\r"),
            "escape": ("Escape", "Escape", 27, ""),
            "down": ("ArrowDown", "ArrowDown", 40, ""),
        }
        if name in keys:
            await self.key(*keys[name])
        elif name.startswith("ctrl+"):
            ch = name[-1]
            await self.key(ch, f"Key{ch.upper()}", ord(ch.upper()), modifiers=2)
        else:
            await self.key(name, f"Key{name.upper()}" if name.isalpha() else f"Digit{name}", ord(name.upper()), name)
        await asyncio.sleep(0.15)

    async def ime(self, text: str) -> None:
        """Type as a Chinese input method does: composition updates (pinyin shown, not yet
        committed), then the chosen characters committed."""
        pinyin = ""
        for ch in "pinyin":
            pinyin += ch
            await self.send(
                "Input.imeSetComposition", text=pinyin, selectionStart=len(pinyin), selectionEnd=len(pinyin)
            )
        await self.send("Input.imeSetComposition", text=text, selectionStart=len(text), selectionEnd=len(text))
        await self.send("Input.insertText", text=text)
        await asyncio.sleep(0.2)


@contextlib.asynccontextmanager
async def open_page(devtools: int, url: str) -> AsyncIterator[Page]:
    async with aiohttp.ClientSession() as http:
        async with http.put(f"http://127.0.0.1:{devtools}/json/new?{url}") as r:
            target = await r.json()
        async with http.ws_connect(target["webSocketDebuggerUrl"], max_msg_size=0) as ws:
            yield Page(ws)
