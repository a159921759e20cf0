"""The browser-mode server: textual-serve's app runner behind our own routes and checks.

textual-serve (1.1.3, pinned) is used for what it does well, running one app process per
browser tab and relaying the terminal and file downloads; we replace what it leaves open:
it binds any host, accepts a websocket from any Origin with no token, loads a web font from a
site that may be unreachable, shows an English page, starts the app through a shell, sends a
download's Chinese file name unencoded, and leaves the app running when the server is killed.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import secrets
import signal
import socket
import sys
import webbrowser
from html import escape
from pathlib import Path
from string import Template
from typing import Any
from urllib.parse import quote

from aiohttp import web
from textual_serve.app_service import AppService
from textual_serve.server import Server

from checklist.errors import UserError
from checklist.web.guard import Guard
from checklist.web.running import ALIVE, Running, claim, find_running, release

TITLE = "村党组织星级评定自评"
IDLE_SECONDS = 60.0  # after the last tab closes (a reload reconnects well within this)
QUIT_WAIT = 10.0  # for an app process to save and exit after it is asked to
_PAGE = Path(__file__).with_name("templates") / "page.html"


class WebError(UserError):
    title = "无法启动浏览器模式"


class _AppProcess(AppService):
    """One tab's app: started without a shell (a store path with spaces or Chinese stays one
    argument) and killed if it does not quit when asked."""

    def __init__(self, argv: list[str], **kwargs: Any) -> None:
        super().__init__(argv[0], **kwargs)
        self.argv = argv

    async def _open_app_process(self, width: int = 80, height: int = 24) -> asyncio.subprocess.Process:
        env = self._build_environment(width=width, height=height)
        env["CHECKLIST_WEB"] = "1"
        self._process = process = await asyncio.create_subprocess_exec(
            *self.argv,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            env=env,
        )
        assert process.stdin is not None
        self._stdin = process.stdin
        return process

    async def stop(self) -> None:
        task = self._task
        if task is None:
            return
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(asyncio.shield(super().stop()), QUIT_WAIT)
        process = self._process
        if process is not None and process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                process.kill()
            await process.wait()


class WebServer(Server):
    def __init__(self, store: Path, guard: Guard, *, idle_seconds: float = IDLE_SECONDS) -> None:
        super().__init__(TITLE, host="127.0.0.1", port=guard.port, title=TITLE)
        self.store = store
        self.guard = guard
        self.idle_seconds = idle_seconds
        self.argv = [sys.executable, "-m", "checklist", "--store", str(store)]
        self.apps: set[_AppProcess] = set()
        self.stopped = asyncio.Event()
        self._idle: asyncio.TimerHandle | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.guard.port}/?token={self.guard.token}"

    # --- the checks, before any route -------------------------------------------------------

    @web.middleware
    async def check(self, request: web.Request, handler: Any) -> web.StreamResponse:
        why = self.guard.refusal(
            host=request.headers.get("Host"),
            origin=request.headers.get("Origin"),
            query_token=request.query.get("token"),
            cookie_token=request.cookies.get(self.guard.cookie),
            websocket=request.headers.get("Upgrade", "").lower() == "websocket",
        )
        if why is not None:
            return web.Response(status=403, text=f"403 拒绝访问：{why}\n", charset="utf-8")
        response: web.StreamResponse = await handler(request)
        response.headers.setdefault("Cache-Control", "no-store")
        response.headers.setdefault("X-Frame-Options", "DENY")  # no other page may frame ours
        return response

    async def _make_app(self) -> web.Application:
        app = web.Application(middlewares=[self.check])
        app.add_routes(
            [
                web.get("/", self.handle_index, name="index"),
                web.get("/ws", self.handle_websocket, name="websocket"),
                web.get("/download/{key}", self.handle_download, name="download"),
                web.get(ALIVE, self.handle_alive),
                web.static("/static", self.statics_path, show_index=False, name="static"),
            ]
        )
        return app

    # --- routes -----------------------------------------------------------------------------

    async def handle_index(self, request: web.Request) -> web.Response:  # type: ignore[override]
        page = Template(_PAGE.read_text(encoding="utf-8")).substitute(
            title=escape(TITLE),
            websocket=f"ws://{escape(request.host)}/ws",
            font_size=16,
        )
        response = web.Response(text=page, content_type="text/html", charset="utf-8")
        # Later requests (scripts, the websocket, downloads) carry the token in this cookie.
        response.set_cookie(self.guard.cookie, self.guard.token, httponly=True, samesite="Strict", path="/")
        return response

    async def handle_alive(self, request: web.Request) -> web.Response:
        return web.json_response({"store": str(self.store), "tabs": len(self.apps)})

    async def handle_download(self, request: web.Request) -> web.StreamResponse:
        key = request.match_info["key"]
        try:
            meta = await self.download_manager.get_download_metadata(key)
        except KeyError:
            raise web.HTTPNotFound(text="没有这个下载（可能已下载过），请重新导出。") from None
        response = web.StreamResponse()
        kind = meta.mime_type or "application/octet-stream"
        response.headers["Content-Type"] = kind + (f"; charset={meta.encoding}" if meta.encoding else "")
        how = "inline" if meta.open_method == "browser" else "attachment"
        # RFC 6266/5987: an ASCII fallback and the real (Chinese) name, percent-encoded UTF-8.
        response.headers["Content-Disposition"] = (
            f"{how}; filename=\"{_ascii_name(meta.file_name)}\"; filename*=UTF-8''{quote(meta.file_name)}"
        )
        await response.prepare(request)
        async for chunk in self.download_manager.download(key):
            await response.write(chunk)
        await response.write_eof()
        return response

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        websocket = web.WebSocketResponse(heartbeat=15)
        width = _int(request.query.get("width"), 80)
        height = _int(request.query.get("height"), 24)
        await websocket.prepare(request)
        app = _AppProcess(
            self.argv,
            write_bytes=websocket.send_bytes,
            write_str=websocket.send_str,
            close=websocket.close,
            download_manager=self.download_manager,
        )
        self._tab_opened(app)
        try:
            await app.start(width, height)
            await self._process_messages(websocket, app)
        except (asyncio.CancelledError, ConnectionError):
            pass
        finally:
            await app.stop()
            self._tab_closed(app)
            with contextlib.suppress(Exception):
                await websocket.close()
        return websocket

    # --- lifetime: the server goes when the last tab has been closed for a while ------------

    def _tab_opened(self, app: _AppProcess) -> None:
        self.apps.add(app)
        if self._idle is not None:
            self._idle.cancel()
            self._idle = None

    def _tab_closed(self, app: _AppProcess) -> None:
        self.apps.discard(app)
        if not self.apps:
            self._arm_idle()

    def _arm_idle(self) -> None:
        if self._idle is not None:
            self._idle.cancel()
        self._idle = asyncio.get_running_loop().call_later(self.idle_seconds, self.stopped.set)

    async def run(self, sock: socket.socket, *, on_ready: Any = None) -> None:
        runner = web.AppRunner(await self._make_app(), handle_signals=False, access_log=None)
        await runner.setup()
        await web.SockSite(runner, sock).start()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError, RuntimeError):  # Windows: Ctrl+C raises
                loop.add_signal_handler(sig, self.stopped.set)
        self._arm_idle()  # nobody may ever connect (--no-browser and the address not used)
        if on_ready is not None:
            on_ready()
        try:
            await self.stopped.wait()
        finally:
            await asyncio.gather(*(a.stop() for a in list(self.apps)), return_exceptions=True)
            await runner.cleanup()


def _int(text: str | None, default: int) -> int:
    try:
        return max(10, min(1000, int(text or "")))
    except ValueError:
        return default


def _ascii_name(name: str) -> str:
    suffix = Path(name).suffix
    plain = name.encode("ascii", "ignore").decode().replace('"', "").strip()
    return plain if plain and plain != suffix else f"checklist{suffix}"


def bind(port: int) -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    if sys.platform != "win32":  # on Windows this would let two servers share a port
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(("127.0.0.1", port))
    except OSError as exc:
        sock.close()
        raise WebError(
            f"无法启动浏览器模式：本机端口 {port} 已被占用或不可用（{exc.strerror or exc}）。"
            "请换一个端口（--port），或不指定端口由程序自选。"
        ) from None
    sock.listen(64)
    sock.setblocking(False)
    return sock


def serve(
    store: Path,
    *,
    port: int = 0,
    open_browser: bool = True,
    idle_seconds: float = IDLE_SECONDS,
    say: Any = print,
) -> None:
    """Serve the app for this store until stopped (Ctrl+C) or idle; a second launch on the same
    store opens the running server instead."""
    store = store.expanduser().resolve()
    found = find_running(store)
    if found is not None:
        say(f"本数据文件的浏览器界面已在运行，直接打开：\n{found.url}")
        if open_browser:
            webbrowser.open(found.url)
        return
    sock = bind(port)
    guard = Guard(token=secrets.token_urlsafe(24), port=sock.getsockname()[1])
    me = Running(port=guard.port, token=guard.token, pid=os.getpid())
    if not claim(store, me):
        sock.close()
        serve(store, port=port, open_browser=open_browser, idle_seconds=idle_seconds, say=say)
        return
    server = WebServer(store, guard, idle_seconds=idle_seconds)

    def ready() -> None:
        head = "正在浏览器中打开自评工具。如果浏览器没有自动打开，" if open_browser else ""
        say(
            f"{head}请把下面的网址复制到浏览器地址栏（只能在本机打开）：\n{server.url}\n"
            f"关闭浏览器页面约 {int(idle_seconds)} 秒后本程序自动结束；也可按 Ctrl+C 结束。所填内容随时保存。"
        )
        sys.stdout.flush()
        if open_browser:
            webbrowser.open(server.url)

    try:
        asyncio.run(server.run(sock, on_ready=ready))
    except KeyboardInterrupt:
        pass
    finally:
        release(store, me)
        sock.close()
