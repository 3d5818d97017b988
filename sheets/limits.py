"""What one sheet can hold (Excel, LibreOffice and the XLSX format agree). The readers refuse a file past
these limits, so every list the bot accepts can be written back as an XLSX without losing anything."""

from __future__ import annotations

MAX_ROWS = 1_048_576
MAX_COLUMNS = 16_384  # A…XFD
MAX_CELL_CHARS = 32_767  # characters of one cell, counted in UTF-16 code units as Excel does


def utf16_length(text: str) -> int:
    """Length as Excel counts it: a character outside the Basic Multilingual Plane (emoji) counts 2."""
    if text.isascii():
        return len(text)
    return len(text.encode("utf-16-le")) // 2


def column_name(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters
