"""Names people type (list names) and other short texts shown to people: one visible spelling.

Why: a list name made only of zero-width characters was accepted (an invisible list), and two names
that look the same ("March" and "March" + U+200B) were different names. What goes: control and format
characters (Unicode Cc, Cf: zero-width spaces, bidi marks and overrides, BOM, soft hyphen, …), lone
surrogates, and the other invisible "default ignorable" characters that are not formats (fillers, the
grapheme joiner, a variation selector with nothing to vary). Line breaks, tabs and blank characters
become spaces; runs of spaces collapse. What stays: what makes emoji and some scripts render:
- a ZWJ (U+200D) between two emoji (👨‍👩‍👧‍👦, 🏳️‍🌈, 👩🏽‍💻), variation selectors after a character (❤️, #️⃣),
  the tag characters of a subdivision flag (🏴 + tags);
- a ZWJ or ZWNJ inside a word of a script where it changes the shapes (Arabic, Persian, Indic,
  Sinhala, Myanmar, Khmer, Mongolian, …): there it is spelling, not decoration.
The result is in NFC, so one name has one spelling. Pure functions, no storage.
"""

from __future__ import annotations

import unicodedata

MAX_NAME_LENGTH = 100  # characters of a list's name, after tidy_name

ZWNJ, ZWJ = "\u200c", "\u200d"
_BLACK_FLAG = "\U0001f3f4"
_CANCEL_TAG = "\U000e007f"
# Invisible characters that are not Cc/Cf: the grapheme joiner, Hangul fillers, Khmer inherent vowels,
# Mongolian variation selectors. Blank-looking ones become spaces instead (see _BLANKS).
_IGNORABLE = frozenset("\u034f\u115f\u1160\u17b4\u17b5\u180b\u180c\u180d\u180f\uffa0")
_BLANKS = frozenset("\u2800\u3164")  # braille blank, Hangul filler: typed as spaces
# Scripts in which a ZWJ/ZWNJ between letters selects letter shapes (the code point ranges of the
# letter before it).
_JOINING_SCRIPTS = (
    (0x0600, 0x08FF),  # Arabic, Syriac, Thaana, NKo, Samaritan, Mandaic
    (0x0900, 0x0DFF),  # Devanagari … Sinhala
    (0x0F00, 0x0FFF),  # Tibetan
    (0x1000, 0x109F),  # Myanmar
    (0x1780, 0x18AF),  # Khmer, Mongolian
    (0xA840, 0xA87F),  # Phags-pa
    (0xA8E0, 0xA8FF),  # Devanagari extended
    (0xFB50, 0xFDFF),  # Arabic presentation forms A
    (0xFE70, 0xFEFE),  # Arabic presentation forms B
)


def _is_variation_selector(char: str) -> bool:
    code = ord(char)
    return 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF


def _is_tag(char: str) -> bool:
    return 0xE0020 <= ord(char) <= 0xE007F


def _is_emoji(char: str) -> bool:
    """An emoji (or a symbol used in emoji ZWJ sequences, such as ♀ ❤ ⚕); skin tones count.

    Approximate (Python has no Extended_Pictographic): symbols (So) other than braille, and the whole
    emoji planes, whose newest emoji may be unassigned in this Python's Unicode database.
    """
    code = ord(char)
    if 0x1F000 <= code <= 0x1FAFF:
        return True
    return unicodedata.category(char) == "So" and not 0x2800 <= code <= 0x28FF


def _is_letter_or_mark(char: str) -> bool:
    return unicodedata.category(char)[0] in "LM"


def _in_joining_script(char: str) -> bool:
    code = ord(char)
    return any(low <= code <= high for low, high in _JOINING_SCRIPTS)


def _emoji_before(kept: list[str]) -> bool:
    """The kept text ends with an emoji (with its variation selector or skin tone)."""
    for char in reversed(kept):
        if _is_variation_selector(char):
            continue
        return _is_emoji(char)
    return False


def _keep_joiner(char: str, kept: list[str], following: str) -> bool:
    if not kept or not following:
        return False
    before = kept[-1]
    if char == ZWJ and _emoji_before(kept) and _is_emoji(following):
        return True
    return (
        _is_letter_or_mark(before)
        and _in_joining_script(before)
        and _is_letter_or_mark(following)
        and _in_joining_script(following)
    )


def visible_text(text: str) -> str:
    """`text` without invisible and control characters; every line break, tab or blank is a space.

    Spaces are not collapsed (see `tidy_name` for names).
    """
    kept: list[str] = []
    for index, char in enumerate(text):
        if char.isspace() or char in _BLANKS:
            kept.append(" ")
            continue
        following = text[index + 1] if index + 1 < len(text) else ""
        category = unicodedata.category(char)
        if char in (ZWJ, ZWNJ):
            if _keep_joiner(char, kept, following):
                kept.append(char)
        elif _is_variation_selector(char):
            # Belongs to the character before it; alone (or after a space, a joiner or another
            # selector) it varies nothing.
            before = kept[-1] if kept else " "
            if not (before.isspace() or before in (ZWJ, ZWNJ) or _is_variation_selector(before)):
                kept.append(char)
        elif _is_tag(char):
            # Only inside a subdivision flag: 🏴 followed by tag letters and the cancel tag.
            if kept and (kept[-1] == _BLACK_FLAG or (_is_tag(kept[-1]) and kept[-1] != _CANCEL_TAG)):
                kept.append(char)
        elif category in ("Cc", "Cf", "Cs") or char in _IGNORABLE:
            continue
        else:
            kept.append(char)
    return unicodedata.normalize("NFC", "".join(kept))


def tidy_name(text: str) -> str:
    """A list name as it is stored and compared: visible characters only, single spaces, no spaces at
    either end; "" when nothing visible is left (refuse such a name)."""
    return " ".join(visible_text(text).split())


def name_key(name: str) -> str:
    """Names that look the same are the same name: the unique key of a list's name."""
    return tidy_name(name).casefold()
