"""The channel catalog: what the first column of a list holds for each channel, and how it is checked.

Adding a channel is one `Channel(...)` entry in `CHANNELS`; samples, texts and validation read it from here.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from validators.ids import IdCheck, accepted, rejected
from validators.phone_fast import is_valid_plain_digits
from validators.phones import check_phone, example_phones
from validators.result import Detail, Reason, shown

__all__ = ["CHANNELS", "Channel", "IdChecker", "get_channel"]


class IdChecker(Protocol):
    """Normalizes and validates one client id; only phone checks use `default_region`."""

    def __call__(self, raw: str, /, default_region: str | None = None) -> IdCheck: ...


@dataclass(frozen=True, slots=True)
class Channel:
    id: str
    title: str
    icon: str
    id_title: str  # title of the first column in samples and headerless files
    is_call: bool  # call campaigns (telephony) vs text campaigns
    description: str  # one sentence for the user about the first column
    examples: tuple[str, ...]  # valid ids for sample files
    check: IdChecker
    quick: Callable[
        [str], bool
    ]  # bulk fast path: True only when the raw cell is already a valid, normalized id


_WHOLE_NUMBER = re.compile(r"(\d+)\.0+")  # numeric cell rendered as a float: 123.0
_SCIENTIFIC = re.compile(r"[+-]?\d+(?:[.,]\d*)?[eE][+-]?\d+")
_BASE64_LIKE = re.compile(r"[A-Za-z0-9+/]+={0,2}")


def _numeric_id(
    channel: str, *, max_value: int, min_digits: int = 1, max_digits: int = 20
) -> tuple[IdChecker, Callable[[str], bool]]:
    """A checker (and its fast path) for a positive integer id without leading zeros."""
    named = {"channel": channel}

    def quick(raw: str) -> bool:
        return (
            raw.isascii()
            and raw.isdigit()
            and min_digits <= len(raw) <= max_digits
            and raw[0] != "0"
            and int(raw) <= max_value
        )

    def check(raw: str, /, default_region: str | None = None) -> IdCheck:
        text = raw.strip()
        if quick(text):
            return accepted(text)
        if not text:
            return rejected(Reason.EMPTY, Detail.ID_EMPTY, named)
        if _SCIENTIFIC.fullmatch(text):
            return rejected(Reason.SCIENTIFIC_NOTATION, Detail.ID_SCIENTIFIC, {**named, "value": shown(text)})
        whole = _WHOLE_NUMBER.fullmatch(text)
        digits = whole[1] if whole else text
        if not (digits.isascii() and digits.isdigit()):
            return rejected(Reason.NOT_A_NUMBER, Detail.ID_NOT_A_NUMBER, named)
        if len(digits) < min_digits:
            return rejected(Reason.TOO_SHORT, Detail.ID_TOO_SHORT, {**named, "min": min_digits})
        if len(digits) > max_digits:
            return rejected(Reason.TOO_LONG, Detail.ID_TOO_LONG, {**named, "max": max_digits})
        if digits[0] == "0" or int(digits) > max_value:
            return rejected(Reason.INVALID_ID, Detail.ID_OUT_OF_RANGE, {**named, "max": max_value})
        return accepted(digits, normalized=whole is not None)

    return check, quick


def _check_viber(raw: str, /, default_region: str | None = None) -> IdCheck:
    text = raw.strip()
    if not text:
        return rejected(Reason.EMPTY, Detail.ID_EMPTY, {"channel": "viber"})
    if 12 <= len(text) <= 64 and _BASE64_LIKE.fullmatch(text):
        return accepted(text)
    return rejected(Reason.INVALID_ID, Detail.VIBER_ID)


def _quick_viber(raw: str) -> bool:
    return 12 <= len(raw) <= 64 and _BASE64_LIKE.fullmatch(raw) is not None


def _check_widget(raw: str, /, default_region: str | None = None) -> IdCheck:
    text = raw.strip()
    if not text:
        return rejected(Reason.EMPTY, Detail.ID_EMPTY, {"channel": "chat_widget"})
    if _quick_widget(text):
        return accepted(text)
    return rejected(Reason.INVALID_ID, Detail.WIDGET_ID)


def _quick_widget(raw: str) -> bool:
    return 1 <= len(raw) <= 128 and raw.isprintable() and not any(char.isspace() for char in raw)


_check_telegram, _quick_telegram = _numeric_id("telegram", max_value=2**52)
_check_vk, _quick_vk = _numeric_id("vk", max_value=2**63 - 1, max_digits=19)
_check_facebook, _quick_facebook = _numeric_id("facebook", max_value=10**20, min_digits=5)
_check_instagram, _quick_instagram = _numeric_id("instagram", max_value=10**20, min_digits=5)
_PHONES = example_phones()

CHANNELS: dict[str, Channel] = {
    channel.id: channel
    for channel in (
        Channel(
            "telephony",
            "Telephony",
            "📞",
            "Phone",
            True,
            "Phone number with country code, digits only, no +: e.g. 12015550123.",
            _PHONES,
            check_phone,
            is_valid_plain_digits,
        ),
        Channel(
            "telegram",
            "Telegram",
            "✈️",
            "Telegram ID",
            False,
            "The client's numeric Telegram user ID (not the @username).",
            ("123456789", "5012345678", "987654321"),
            _check_telegram,
            _quick_telegram,
        ),
        Channel(
            "whatsapp",
            "WhatsApp",
            "🟢",
            "WhatsApp phone",
            False,
            "The client's WhatsApp phone number with country code, digits only, no +.",
            _PHONES,
            check_phone,
            is_valid_plain_digits,
        ),
        Channel(
            "viber",
            "Viber",
            "🟣",
            "Viber ID",
            False,
            "The client's Viber user ID as the bot received it, e.g. 01234567890A=.",
            ("01234567890A=", "Yjk1ZTY3NDQ1MjM2ZmYwNA==", "U2FsdGVkX19vZmZzZXQxMg=="),
            _check_viber,
            _quick_viber,
        ),
        Channel(
            "vk",
            "VK",
            "🔵",
            "VK ID",
            False,
            "The client's numeric VK user ID (not the short name).",
            ("1", "210700286", "53083705"),
            _check_vk,
            _quick_vk,
        ),
        Channel(
            "facebook",
            "Facebook Messenger",
            "💬",
            "Facebook ID",
            False,
            "The client's page-scoped ID (PSID) that Messenger gave your page: 5–20 digits.",
            ("4567890123456789", "1254459154682919", "6789012345678901"),
            _check_facebook,
            _quick_facebook,
        ),
        Channel(
            "instagram",
            "Instagram",
            "📸",
            "Instagram ID",
            False,
            "The client's Instagram-scoped ID (IGSID) that your account received: 5–20 digits.",
            ("17841400008460056", "6224512345678901", "5432109876543210"),
            _check_instagram,
            _quick_instagram,
        ),
        Channel(
            "chat_widget",
            "Chat widget",
            "🌐",
            "Client ID",
            False,
            "The client ID of the website chat widget: 1–128 characters without spaces.",
            ("c7d9e1f0-4b1a-4e7a-9d3e-2f1a0b9c8d7e", "visitor-20240517-0042", "a1b2c3d4e5"),
            _check_widget,
            _quick_widget,
        ),
    )
}


def get_channel(channel_id: str) -> Channel:
    """The catalog entry; KeyError for an unknown id."""
    return CHANNELS[channel_id]
