"""Telegram's HTML parse mode, as tdlib parses it (td/telegram/MessageEntity.cpp, `parse_html`).

Follows tdlib byte by byte on the UTF-8 text, so the errors and their byte offsets are Telegram's:
`a < b` is an unsupported start tag "", `<br>` is unsupported, `&nbsp;` is not decoded (only `&lt;`,
`&gt;`, `&amp;`, `&quot;` and numeric references are), `<span>` needs class "tg-spoiler", an end tag
must match the innermost open tag, and every open tag must be closed.
"""

from __future__ import annotations

TAGS = frozenset(
    {"a", "b", "strong", "i", "em", "s", "strike", "del", "u", "ins", "tg-spoiler", "tg-emoji", "tg-time",
     "span", "pre", "code", "blockquote"}
)  # fmt: skip
_SPACE = frozenset(b" \t\r\n\x00\x0b")
_NAMED = {b"lt": "<", b"gt": ">", b"amp": "&", b"quot": '"'}


class EntityParseError(ValueError):
    """Mirrors Telegram's "Bad Request: can't parse entities: …" (the message is tdlib's)."""


def _is_alpha(c: int) -> bool:
    return 65 <= c <= 90 or 97 <= c <= 122


def _is_digit(c: int) -> bool:
    return 48 <= c <= 57


def _is_hex(c: int) -> bool:
    return _is_digit(c) or 65 <= c <= 70 or 97 <= c <= 102


class _Text:
    """The UTF-8 bytes with C-string semantics: reading past the end gives 0."""

    def __init__(self, text: str) -> None:
        self.data = text.encode("utf-8", "surrogatepass")

    def __getitem__(self, i: int) -> int:
        return self.data[i] if i < len(self.data) else 0

    def __len__(self) -> int:
        return len(self.data)

    def slice(self, start: int, end: int) -> bytes:
        return self.data[start:end]


def _decode_entity(text: _Text, pos: int) -> tuple[int, int]:
    """(code point, position after the reference), or (0, pos) when `&` starts no reference."""
    end = pos + 1
    code = 0
    if text[pos + 1] == ord("#"):
        end += 1
        if text[pos + 2] == ord("x"):
            end += 1
            while _is_hex(text[end]):
                code = code * 16 + int(chr(text[end]), 16)
                end += 1
        else:
            while _is_digit(text[end]):
                code = code * 10 + text[end] - 48
                end += 1
        if code == 0 or code >= 0x10FFFF or end - pos >= 10:
            return 0, pos
    else:
        while _is_alpha(text[end]):
            end += 1
        named = _NAMED.get(text.slice(pos + 1, end))
        if named is None:
            return 0, pos
        code = ord(named)
    if text[end] == ord(";"):
        end += 1
    return code, end


def parse_html(text: str) -> str:
    """The plain text a user sees (before Telegram trims it); raises EntityParseError like Telegram."""
    src = _Text(text)
    out = bytearray()
    stack: list[tuple[str, str, int]] = []  # (tag, argument, where its text starts in `out`)
    i = 0
    size = len(src)
    while i < size:
        c = src[i]
        if c == ord("&"):
            code, end = _decode_entity(src, i)
            if code:
                out += chr(code).encode("utf-8", "surrogatepass")
                i = end
                continue
        if c != ord("<"):
            out.append(c)
            i += 1
            continue
        begin = i
        i += 1
        if src[i] != ord("/"):
            while src[i] not in _SPACE and src[i] != ord(">"):
                i += 1
            if src[i] == 0:
                raise EntityParseError(f"Unclosed start tag at byte offset {begin}")
            tag = src.slice(begin + 1, i).decode("utf-8", "replace").lower()
            if tag not in TAGS:
                raise EntityParseError(f'Unsupported start tag "{tag}" at byte offset {begin}')
            argument = ""
            while src[i] != ord(">"):
                while src[i] != 0 and src[i] in _SPACE:
                    i += 1
                if src[i] == ord(">"):
                    break
                name_begin = i
                while src[i] not in _SPACE and src[i] not in b"=>/\"'":
                    i += 1
                name = src.slice(name_begin, i).decode("utf-8", "replace")
                if not name:
                    raise EntityParseError(f'Empty attribute name in the tag "{tag}" at byte offset {begin}')
                while src[i] != 0 and src[i] in _SPACE:
                    i += 1
                if src[i] != ord("="):
                    if src[i] == 0:
                        raise EntityParseError(f'Unclosed start tag "{tag}" at byte offset {begin}')
                    if tag == "blockquote" and name == "expandable":
                        argument = "1"
                    continue
                i += 1
                while src[i] != 0 and src[i] in _SPACE:
                    i += 1
                if src[i] == 0:
                    raise EntityParseError(f'Unclosed start tag "{tag}" at byte offset {begin}')
                if src[i] not in b"\"'":
                    token_begin = i
                    while _is_alpha(src[i]) or _is_digit(src[i]) or src[i] in b".-":
                        i += 1
                    value = src.slice(token_begin, i).decode("utf-8", "replace").lower()
                    if src[i] not in _SPACE and src[i] != ord(">"):
                        raise EntityParseError(f"Unexpected end of name token at byte offset {token_begin}")
                else:
                    quote = src[i]
                    i += 1
                    chunk = bytearray()
                    while src[i] != quote and src[i] != 0:
                        if src[i] == ord("&"):
                            code, end = _decode_entity(src, i)
                            if code:
                                chunk += chr(code).encode("utf-8", "surrogatepass")
                                i = end
                                continue
                        chunk.append(src[i])
                        i += 1
                    if src[i] == quote:
                        i += 1
                    value = chunk.decode("utf-8", "replace")
                if src[i] == 0:
                    raise EntityParseError(f"Unclosed start tag at byte offset {begin}")
                if (
                    (tag == "a" and name == "href")
                    or (tag == "tg-emoji" and name == "emoji-id")
                    or (tag == "tg-time" and name == "format")
                ):
                    argument = value
                elif tag == "code" and name == "class" and value.startswith("language-"):
                    argument = value[9:]
                elif tag == "span" and name == "class" and value.startswith("tg-"):
                    argument = value[3:]
                elif tag == "blockquote" and name == "expandable":
                    argument = "1"
            if tag == "span" and argument != "spoiler":
                raise EntityParseError(f'Tag "span" must have class "tg-spoiler" at byte offset {begin}')
            stack.append((tag, argument, len(out)))
            i += 1  # the ">"
        else:
            if not stack:
                raise EntityParseError(f"Unexpected end tag at byte offset {begin}")
            while src[i] not in _SPACE and src[i] != ord(">"):
                i += 1
            end_tag = src.slice(begin + 2, i).decode("utf-8", "replace").lower()
            while src[i] != 0 and src[i] in _SPACE:
                i += 1
            if src[i] != ord(">"):
                raise EntityParseError(f"Unclosed end tag at byte offset {begin}")
            tag, argument, start = stack[-1]
            if end_tag and end_tag != tag:
                raise EntityParseError(
                    f'Unmatched end tag at byte offset {begin}, expected "</{tag}>", found "</{end_tag}>"'
                )
            if tag == "tg-emoji" and len(out) > start and not (argument.isdigit() and int(argument) != 0):
                raise EntityParseError("Invalid custom emoji identifier specified")
            stack.pop()
            i += 1  # the ">"
    if stack:
        raise EntityParseError(f'Can\'t find end tag corresponding to start tag "{stack[-1][0]}"')
    try:
        return out.decode("utf-8")
    except UnicodeDecodeError:
        raise EntityParseError(
            "Text contains invalid Unicode characters after decoding HTML entities, check for unmatched "
            "surrogate code units"
        ) from None
