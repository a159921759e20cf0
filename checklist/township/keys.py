"""How a village is recognised across files and years: township and village names compared
after NFKC and without white space (全角/半角, stray spaces)."""

from __future__ import annotations

import unicodedata


def norm_name(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def village_key(township: str, village: str) -> tuple[str, str]:
    return norm_name(township), norm_name(village)
