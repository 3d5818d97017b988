"""Sample spreadsheets in the reader's language: the titles are ones the validators recognise in every
locale (validators.headers), so a manager who fills in a Russian sample and sends it back gets every
column read as it was meant."""

from __future__ import annotations

from i18n import catalog
from services.wording import key_of
from sheets import samples


def sample_header(locale: str, channel_id: str) -> tuple[str, ...]:
    return tuple(column_title(locale, channel_id, key) for key in samples.sample_columns(channel_id))


def column_title(locale: str, channel_id: str, key: str) -> str:
    """The title the bot gives a column it names: `client_id` is named after the channel."""
    if key == "client_id":
        return catalog().text(locale, key_of("file-column-id", channel_id))
    return catalog().text(locale, key_of("file-column", key))


def sample_xlsx(channel_id: str, locale: str) -> bytes:
    return samples.sample_xlsx(
        channel_id,
        header=sample_header(locale, channel_id),
        sheet=catalog().text(locale, "file-sample-sheet"),
    )


def sample_csv(channel_id: str, locale: str) -> bytes:
    return samples.sample_csv(channel_id, header=sample_header(locale, channel_id))
