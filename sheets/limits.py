"""What one sheet can hold (Excel, LibreOffice and the XLSX format agree). The readers refuse a file past
these limits, so every list the bot accepts can be written back as an XLSX without losing anything."""

from __future__ import annotations

MAX_ROWS = 1_048_576
MAX_COLUMNS = 16_384  # A…XFD
MAX_CELL_CHARS = 32_767  # characters of one cell, counted in UTF-16 code units as Excel does
MAX_TITLE_UNITS = 31  # a sheet's name, in UTF-16 code units


def utf16_length(text: str) -> int:
    """Length as Excel counts it: a character outside the Basic Multilingual Plane (emoji) counts 2."""
    if text.isascii():
        return len(text)
    return len(text.encode("utf-16-le")) // 2


def fit_utf16(text: str, units: int) -> str:
    """`text` cut to at most `units` UTF-16 code units, never inside a surrogate pair (an emoji)."""
    if len(text) <= units and (text.isascii() or utf16_length(text) <= units):
        return text
    if text.isascii():
        return text[:units]
    cut = text.encode("utf-16-le", "surrogatepass")[: 2 * units].decode("utf-16-le", "surrogatepass")
    return cut[:-1] if cut and "\ud800" <= cut[-1] <= "\udbff" else cut


def column_name(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters
