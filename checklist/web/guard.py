"""Who may talk to the browser-mode server: a pure decision, tested without a network.

The server listens on 127.0.0.1 only, but any web page the secretary visits can still send
requests there (and textual-serve accepts a websocket from any Origin), so every request must
carry this launch's token, name our own host (no DNS rebinding) and, when a browser says where
it comes from, come from our own page."""

from __future__ import annotations

import hmac
from dataclasses import dataclass

COOKIE_PREFIX = "checklist-"


@dataclass(frozen=True)
class Guard:
    token: str
    port: int

    @property
    def cookie(self) -> str:
        """One cookie name per port: cookies are shared by every port of 127.0.0.1."""
        return f"{COOKIE_PREFIX}{self.port}"

    def hosts(self) -> frozenset[str]:
        return frozenset({f"127.0.0.1:{self.port}", f"localhost:{self.port}"})

    def origins(self) -> frozenset[str]:
        return frozenset(f"http://{h}" for h in self.hosts())

    def refusal(
        self,
        *,
        host: str | None,
        origin: str | None,
        query_token: str | None,
        cookie_token: str | None,
        websocket: bool,
    ) -> str | None:
        """None when the request may pass, else the Chinese reason for the 403 page."""
        if (host or "").lower() not in self.hosts():
            return "地址不对：请用本工具打开的网址（127.0.0.1）访问。"
        if origin is not None and origin.lower() not in self.origins():
            return "拒绝来自其他网页的访问。"
        if websocket and origin is None:  # every browser names the page that opens a websocket
            return "拒绝来历不明的连接。"
        if not any(self._matches(t) for t in (query_token, cookie_token)):
            return "缺少访问口令：请从本工具打开的网址进入（每次启动口令不同）。"
        return None

    def _matches(self, given: str | None) -> bool:
        return given is not None and hmac.compare_digest(given.encode(), self.token.encode())
