"""Names of the files the bot sends: they come from what users typed or uploaded, and end up in an
HTTP header (a control character is refused there) and on the manager's disk (reserved characters,
length in bytes)."""

from __future__ import annotations

import re
import unicodedata

_BAD = re.compile(r'[\x00-\x1f\x7f-\x9f<>:"/\\|?*\u2028\u2029]+')
MAX_CHARS = 100
MAX_BYTES = 200  # file systems count bytes (NAME_MAX 255): 100 emoji are 400 bytes


def safe_file_name(name: str | None, *, suffix: str, fallback: str) -> str:
    """`name` + `suffix` that every OS and HTTP client accepts; `fallback` when nothing is left."""
    text = unicodedata.normalize("NFC", name or "")
    text = "".join(ch for ch in text if unicodedata.category(ch) not in {"Cc", "Cf", "Cs", "Co"} or ch == " ")
    text = " ".join(_BAD.sub(" ", text).split()).strip(" .")
    text = text[:MAX_CHARS]
    while len(text.encode()) > MAX_BYTES:
        text = text[:-1]
    text = text.rstrip(" .") or fallback
    return f"{text}{suffix}"
