"""The store (SQLite, stdlib only): drafts, one committed transaction per answer, answer history,
an edit lock per assessment that works on Windows, schema versions with migrations."""

from checklist.store.errors import StoreError, StoreFinal, StoreLocked
from checklist.store.locks import HEARTBEAT_SECONDS, STALE_AFTER
from checklist.store.reviews import ReviewChange, ReviewInfo
from checklist.store.schema import SCHEMA_VERSION
from checklist.store.store import Change, DraftInfo, FinalChange, Store, default_store_path

__all__ = [
    "HEARTBEAT_SECONDS",
    "SCHEMA_VERSION",
    "STALE_AFTER",
    "Change",
    "DraftInfo",
    "FinalChange",
    "ReviewChange",
    "ReviewInfo",
    "Store",
    "StoreError",
    "StoreFinal",
    "StoreLocked",
    "default_store_path",
]
