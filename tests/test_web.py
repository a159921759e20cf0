"""Browser mode (checklist web): real server processes, real HTTP and websockets, and real
headless Chromium typing Chinese through input-method events.

The Chromium tests skip when it is not installed (.ci/run installs Debian's chromium)."""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import aiohttp
import pytest
from browser_support import CHROMIUM, WebServer, alive, chromium, open_page, wait_until
from tui_support import make_draft

from checklist.store import Store
from checklist.web.guard import Guard
from checklist.web.running import state_path

ROOT = Path(__file__).resolve().parent.parent
VILLAGE_STAR = ROOT / "rubrics" / "village-star.yaml"
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed")


# --- the decision, without a network ---------------------------------------------------------

GUARD = Guard(token="s3cret-token", port=8123)
OK = {"host": "127.0.0.1:8123", "origin": None, "query_token": "s3cret-token", "cookie_token": None, "websocket": False}


@pytest.mark.parametrize(
    ("change", "refused"),
    [
        ({}, False),
        ({"host": "localhost:8123"}, False),
        ({"query_token": None, "cookie_token": "s3cret-token"}, False),
        ({"origin": "http://127.0.0.1:8123", "websocket": True}, False),
        ({"query_token": None}, True),
        ({"query_token": "s3cret-tokeN"}, True),
        ({"query_token": ""}, True),
        ({"host": "evil.example:8123"}, True),  # DNS rebinding: a foreign name for our address
        ({"host": "127.0.0.1:8124"}, True),
        ({"host": None}, True),
        ({"origin": "http://127.0.0.1:9999"}, True),  # another page on this machine
        ({"origin": "null"}, True),
        ({"websocket": True}, True),  # a websocket with no Origin
    ],
)
def test_guard(change: dict[str, object], refused: bool) -> None:
    why = GUARD.refusal(**{**OK, **change})  # type: ignore[arg-type]
    assert (why is not None) == refused
    if why:
        assert why.isascii() is False  # said in Chinese


# --- the real server over HTTP ----------------------------------------------------------------


@pytest.fixture
def server(tmp_path: Path):  # type: ignore[no-untyped-def]
    srv = WebServer(tmp_path / "s.sqlite3", "--idle", "120")
    yield srv
    srv.stop()


async def _get(url: str, **headers: str) -> tuple[int, str, dict[str, str]]:
    async with aiohttp.ClientSession() as http, http.get(url, headers=headers, allow_redirects=False) as r:
        return r.status, await r.text(), dict(r.headers)


async def _ws_status(port: int, origin: str | None, cookie: str | None) -> int:
    headers = {"Cookie": f"checklist-{port}={cookie}"} if cookie else {}
    if origin:
        headers["Origin"] = origin
    async with aiohttp.ClientSession() as http:
        try:
            async with http.ws_connect(f"http://127.0.0.1:{port}/ws", headers=headers) as ws:
                await ws.close()
                return 101
        except aiohttp.WSServerHandshakeError as exc:
            return exc.status


def test_every_request_needs_the_token_our_host_and_our_origin(server: WebServer) -> None:
    base = f"http://127.0.0.1:{server.port}"

    async def go() -> None:
        status, text, _ = await _get(base + "/")
        assert status == 403 and "访问口令" in text
        assert (await _get(base + "/?token=wrong"))[0] == 403
        assert (await _get(base + "/static/js/textual.js"))[0] == 403
        assert (await _get(base + "/download/anything"))[0] == 403
        assert (await _get(server.url, Host=f"evil.example:{server.port}"))[0] == 403

        status, page, headers = await _get(server.url)
        assert status == 200
        assert "正在打开" in page and 'lang="zh-CN"' in page
        assert "Start" not in page and "Session ended" not in page
        assert "https://" not in page and "http://" not in page  # nothing from outside
        assert f"checklist-{server.port}={server.token}" in headers["Set-Cookie"]
        assert "HttpOnly" in headers["Set-Cookie"] and "SameSite=Strict" in headers["Set-Cookie"]
        cookie = {"Cookie": f"checklist-{server.port}={server.token}"}
        assert (await _get(base + "/static/js/textual.js", **cookie))[0] == 200

        own = f"http://127.0.0.1:{server.port}"
        assert await _ws_status(server.port, "http://127.0.0.1:9999", server.token) == 403
        assert await _ws_status(server.port, "https://evil.example", server.token) == 403
        assert await _ws_status(server.port, None, server.token) == 403
        assert await _ws_status(server.port, own, None) == 403
        assert await _ws_status(server.port, own, server.token) == 101

    asyncio.run(go())


def test_the_page_and_its_scripts_come_from_this_machine(server: WebServer) -> None:
    """textual-serve's own page loads a web font from an outside site; ours loads nothing
    from outside, and the script it loads is the one shipped with textual-serve."""
    page = asyncio.run(_get(server.url))[1]
    import re

    sources = re.findall(r'(?:href|src)="([^"]+)"', page)
    assert sources and all(s.startswith("/static/") for s in sources), sources


def test_a_second_launch_opens_the_running_server(server: WebServer, tmp_path: Path) -> None:
    second = subprocess.run(
        [sys.executable, "-m", "checklist", "--store", str(tmp_path / "s.sqlite3"), "web", "--no-browser"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert second.returncode == 0, second.stderr
    assert "已在运行" in second.stdout and server.url in second.stdout
    assert server.proc.poll() is None


def test_a_busy_port_is_said_in_chinese(server: WebServer, tmp_path: Path) -> None:
    other = subprocess.run(
        [
            sys.executable,
            "-m",
            "checklist",
            "--store",
            str(tmp_path / "other.sqlite3"),
            "web",
            "--no-browser",
            "--port",
            str(server.port),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert other.returncode == 1
    assert f"端口 {server.port} 已被占用" in other.stderr and "Traceback" not in other.stderr


def test_the_server_ends_by_itself_when_no_tab_is_open(tmp_path: Path) -> None:
    store = tmp_path / "s.sqlite3"
    srv = WebServer(store, "--idle", "2")
    assert state_path(store).exists()
    try:
        assert srv.proc.wait(60) == 0
    finally:
        srv.stop()
    assert not state_path(store).exists()


# --- real Chromium ----------------------------------------------------------------------------


@needs_chromium
def test_chinese_typed_through_an_input_method_lands_in_the_store(tmp_path: Path) -> None:
    store = tmp_path / "s.sqlite3"
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    work = tmp_path / "work"  # where the app writes the workbook before the browser gets it
    work.mkdir()
    here, documents = Path.cwd(), os.environ.get("XDG_DOCUMENTS_DIR")
    os.chdir(work)
    os.environ["XDG_DOCUMENTS_DIR"] = str(work)  # the default export folder is 文档/checklist
    try:
        srv = WebServer(store, "--idle", "120")
    finally:
        os.chdir(here)
        if documents is None:
            os.environ.pop("XDG_DOCUMENTS_DIR")
        else:
            os.environ["XDG_DOCUMENTS_DIR"] = documents

    async def go(devtools: int) -> None:
        async with open_page(devtools, srv.url) as page:
            await page.send("Browser.setDownloadBehavior", behavior="allow", downloadPath=str(downloads))
            await page.ready()
            await page.press("n")  # 新建自评: the village name has the focus
            await asyncio.sleep(2)
            await page.ime("红旗村")
            await page.press("tab")
            await page.ime("城关镇")
            await page.press("tab")
            await page.press("tab")  # the year keeps its default
            await page.ime("张书记")
            await page.press("ctrl+s")
            drafts = await asyncio.to_thread(wait_until, lambda: Store.open(store).drafts(), "the new draft")
            assert (drafts[0].village, drafts[0].township, drafts[0].assessor) == ("红旗村", "城关镇", "张书记")
            await asyncio.sleep(2)
            await page.press("2")  # the walk opens with the answer focused  # 获评县级“最强支部”
            answer = await asyncio.to_thread(
                wait_until,
                lambda: Store.open(store).assessment(drafts[0].id).answers.get("strongest_branch"),
                "the answer in the store",
            )
            assert answer.value == "county"
            await page.press("e")  # export: the dialog proposes 文档/checklist/…xlsx; Enter writes it
            await asyncio.sleep(2)
            await page.press("enter")
            got = await asyncio.to_thread(
                wait_until, lambda: [p for p in downloads.iterdir() if p.suffix == ".xlsx"], "the download"
            )
            assert got[0].name == f"{drafts[0].year}-城关镇-红旗村-自评.xlsx"
            assert got[0].read_bytes() == (work / "checklist" / got[0].name).read_bytes()

    try:
        with chromium(tmp_path / "profile") as devtools:
            asyncio.run(go(devtools))
    finally:
        srv.stop()


@needs_chromium
def test_a_page_from_another_origin_cannot_drive_the_app(tmp_path: Path) -> None:
    """Cookies are shared by every port of 127.0.0.1, so a page on another port gets our
    cookie sent along: only the Origin check stops it."""
    srv = WebServer(tmp_path / "s.sqlite3", "--idle", "120")
    evil = tmp_path / "evil"
    evil.mkdir()
    (evil / "index.html").write_text(
        f"<script>const ws = new WebSocket('ws://127.0.0.1:{srv.port}/ws');"
        "ws.onopen = () => document.title = 'OPENED'; ws.onerror = () => document.title = 'REFUSED';"
        "</script>",
        encoding="utf-8",
    )
    other = subprocess.Popen(
        [sys.executable, "-m", "http.server", "0", "--bind", "127.0.0.1", "--directory", str(evil)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )

    async def go(devtools: int, evil_port: int) -> None:
        async with open_page(devtools, srv.url) as page:  # our page: the cookie is set
            await page.ready()
            tabs_before = len(srv.children())
            await page.send("Page.navigate", url=f"http://127.0.0.1:{evil_port}/")
            title = ""
            for _ in range(100):
                title = await page.js("document.title")
                if title in ("OPENED", "REFUSED"):
                    break
                await asyncio.sleep(0.2)
            assert title == "REFUSED"
            assert len(srv.children()) <= tabs_before  # no app was started for that page

    try:
        assert other.stdout is not None
        line = other.stdout.readline()
        evil_port = int(line.split("port ")[1].split()[0])
        with chromium(tmp_path / "profile") as devtools:
            asyncio.run(go(devtools, evil_port))
    finally:
        other.kill()
        other.wait()
        srv.stop()


@needs_chromium
def test_a_killed_server_leaves_no_app_process_holding_the_lock(tmp_path: Path) -> None:
    store = tmp_path / "s.sqlite3"
    draft = make_draft(store, VILLAGE_STAR)
    srv = WebServer(store, "--idle", "120")

    def locks() -> list[tuple[int]]:
        with sqlite3.connect(store) as db:
            return db.execute("SELECT pid FROM locks WHERE assessment_id = ?", (draft,)).fetchall()

    async def go(devtools: int) -> list[int]:
        async with open_page(devtools, srv.url) as page:
            await page.ready()
            await page.press("enter")  # open the draft: its app process takes the edit lock
            held = await asyncio.to_thread(wait_until, locks, "the edit lock")
            apps = srv.children()
            assert [pid for (pid,) in held] == apps
            os.kill(srv.proc.pid, signal.SIGKILL)
            srv.proc.wait()
            await asyncio.to_thread(wait_until, lambda: not any(alive(p) for p in apps), "the app to end")
            return apps

    try:
        with chromium(tmp_path / "profile") as devtools:
            asyncio.run(go(devtools))
    finally:
        srv.stop()
    assert locks() == []  # it quit the usual way: saved, lock given back
    again = WebServer(store, "--idle", "120")  # the killed server's record is replaced
    try:
        assert again.url != srv.url
    finally:
        again.stop()
