"""Telegram's HTML parse mode, strictly enough to catch unescaped user text and bad markup."""

from __future__ import annotations

from html.parser import HTMLParser

ALLOWED_TAGS = {
    "b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code", "pre",
    "tg-spoiler", "span", "blockquote", "tg-emoji",
}  # fmt: skip


class EntityParseError(ValueError):
    """Mirrors Telegram's "Bad Request: can't parse entities: …"."""


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED_TAGS:
            raise EntityParseError(f'Unsupported start tag "{tag}" at byte offset {self.getpos()[1]}')
        if tag == "br":
            return
        self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        raise EntityParseError(f'Unsupported start tag "{tag}" at byte offset {self.getpos()[1]}')

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            expected = f'"</{self.stack[-1]}>"' if self.stack else "no end tag"
            raise EntityParseError(
                f'Unmatched end tag at byte offset {self.getpos()[1]}, expected {expected}, found "</{tag}>"'
            )
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.out.append(data)


def parse_html(text: str) -> str:
    """The plain text a user sees; raises EntityParseError for markup Telegram would refuse."""
    parser = _Parser()
    parser.feed(text)
    parser.close()
    if parser.stack:
        raise EntityParseError(f'Can\'t find end tag corresponding to start tag "{parser.stack[-1]}"')
    if parser.rawdata:  # an unterminated "<tag" left in the buffer
        raise EntityParseError(f"Unclosed start tag at byte offset {len(text) - len(parser.rawdata)}")
    return "".join(parser.out)
