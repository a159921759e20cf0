"""The store (SQLite, stdlib only): drafts, one committed transaction per answer, answer history,
an edit lock per assessment that works on Windows, schema versions with migrations."""

from checklist.store.errors import StoreError, StoreLocked
from checklist.store.locks import HEARTBEAT_SECONDS, STALE_AFTER
from checklist.store.reviews import ReviewChange, ReviewInfo
from checklist.store.schema import SCHEMA_VERSION
from checklist.store.store import Change, DraftInfo, Store, default_store_path

__all__ = [
    "HEARTBEAT_SECONDS",
    "SCHEMA_VERSION",
    "STALE_AFTER",
    "Change",
    "DraftInfo",
    "ReviewChange",
    "ReviewInfo",
    "Store",
    "StoreError",
    "StoreLocked",
    "default_store_path",
]
