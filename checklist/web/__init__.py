"""Browser mode: the same Textual app in the secretary's browser, served on this machine only.

``serve()`` runs Textual's own server (textual-serve) behind our checks: loopback only, a
per-launch token on every request, Host and Origin checked, our own Chinese page with no
outside resources, one server per store, and no app process left once the server is gone."""

from checklist.web.serve import WebError, serve

__all__ = ["WebError", "serve"]
