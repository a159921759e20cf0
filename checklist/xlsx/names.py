"""File names that are safe on any file system (Windows, macOS, Linux, FAT USB sticks)."""

from __future__ import annotations

import re
import unicodedata

# Windows refuses these as a file's stem, whatever the extension (CON.xlsx, com1.txt …).
RESERVED = {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"} | {
    f"{p}{n}" for p in ("COM", "LPT") for n in "123456789¹²³"
}
_BAD = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
MAX_BYTES = 180  # well under the 255-byte limit of ext4/NTFS, leaving room for ".tmp" names


def safe_file_name(name: str, suffix: str = ".xlsx", max_bytes: int = MAX_BYTES) -> str:
    """One path component: separators and control characters become “_”, reserved names get a
    “_” prefix, trailing dots and spaces go, and the UTF-8 length stays within ``max_bytes``."""
    text = unicodedata.normalize("NFC", name)
    text = "".join("_" if unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn") else ch for ch in text)
    text = _BAD.sub("_", text)
    text = re.sub(r"\s+", " ", text).strip(" .")
    text = re.sub(r"\.{2,}", ".", text)
    text = re.sub(r"_{2,}", "_", text)
    if not text or set(text) <= {"_", "."}:
        text = "自评"
    if text.split(".")[0].upper().rstrip(" ") in RESERVED:
        text = "_" + text
    budget = max_bytes - len(suffix.encode())
    while len(text.encode()) > budget:
        text = text[:-1]
    text = text.rstrip(" .")
    return text + suffix
