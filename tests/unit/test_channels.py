"""The channel catalog: order, fields, each channel's id rule and its fast path."""

from __future__ import annotations

import pytest

from validators.channels import CHANNELS, Channel, get_channel
from validators.result import Reason


def test_catalog_order_and_lookup() -> None:
    assert list(CHANNELS) == [
        "telephony",
        "telegram",
        "whatsapp",
        "viber",
        "vk",
        "facebook",
        "instagram",
        "chat_widget",
    ]
    assert get_channel("vk").title == "VK"
    with pytest.raises(KeyError):
        get_channel("fax")


@pytest.mark.parametrize("channel", CHANNELS.values(), ids=list(CHANNELS))
def test_every_entry_is_complete_and_its_examples_are_valid(channel: Channel) -> None:
    assert all((channel.title, channel.icon, channel.id_title, channel.description))
    assert channel.is_call == (channel.id == "telephony")
    assert len(channel.examples) >= 3
    for example in channel.examples:
        assert channel.check(example).value == example
        assert channel.quick(example)


@pytest.mark.parametrize(
    ("channel_id", "raw", "value", "normalized"),
    [
        ("telephony", "+7 916 123-45-67", "79161234567", True),
        ("whatsapp", "+44 7400 123456", "447400123456", True),
        ("telegram", "123456789", "123456789", False),
        ("telegram", "123456789.0", "123456789", True),
        ("telegram", str(2**52), str(2**52), False),
        ("vk", " 210700286 ", "210700286", False),
        ("vk", "1", "1", False),
        ("facebook", "12345", "12345", False),
        ("facebook", "4567890123456789.0", "4567890123456789", True),
        ("instagram", "17841400008460056", "17841400008460056", False),
        ("viber", "01234567890A=", "01234567890A=", False),
        ("viber", "Yjk1ZTY3NDQ1MjM2ZmYwNA==", "Yjk1ZTY3NDQ1MjM2ZmYwNA==", False),
        ("chat_widget", "c7d9e1f0-4b1a-4e7a", "c7d9e1f0-4b1a-4e7a", False),
        ("chat_widget", "x", "x", False),
    ],
)
def test_valid_ids(channel_id: str, raw: str, value: str, normalized: bool) -> None:
    check = get_channel(channel_id).check(raw)
    assert (check.value, check.normalized, check.reason) == (value, normalized, None)


@pytest.mark.parametrize(
    ("channel_id", "raw", "reason"),
    [
        ("telephony", "12671234567", Reason.INVALID_FOR_COUNTRY),
        ("whatsapp", "", Reason.EMPTY),
        ("telegram", "", Reason.EMPTY),
        ("telegram", "@durov", Reason.NOT_A_NUMBER),
        ("telegram", "-1001234567890", Reason.NOT_A_NUMBER),
        ("telegram", "0", Reason.INVALID_ID),
        ("telegram", "0123", Reason.INVALID_ID),
        ("telegram", str(2**52 + 1), Reason.INVALID_ID),
        ("telegram", "1.23457E+09", Reason.SCIENTIFIC_NOTATION),
        ("vk", "id210700286", Reason.NOT_A_NUMBER),
        ("vk", str(2**63), Reason.INVALID_ID),
        ("vk", "1" * 20, Reason.TOO_LONG),
        ("facebook", "1234", Reason.TOO_SHORT),
        ("instagram", "1" * 21, Reason.TOO_LONG),
        ("viber", "short=", Reason.INVALID_ID),
        ("viber", "has space in it here", Reason.INVALID_ID),
        ("viber", "abc=def0123456789", Reason.INVALID_ID),  # '=' only as padding at the end
        ("viber", "A" * 65, Reason.INVALID_ID),
        ("chat_widget", "two words", Reason.INVALID_ID),
        ("chat_widget", "x" * 129, Reason.INVALID_ID),
        ("chat_widget", "  ", Reason.EMPTY),
    ],
)
def test_invalid_ids(channel_id: str, raw: str, reason: Reason) -> None:
    check = get_channel(channel_id).check(raw)
    assert (check.value, check.reason) == (None, reason)
    assert check.detail is not None
    assert not get_channel(channel_id).quick(raw)


def test_phone_channels_take_the_default_region() -> None:
    assert get_channel("whatsapp").check("89161234567", "RU").suggestion == "79161234567"
