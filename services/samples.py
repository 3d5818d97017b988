"""Sample spreadsheets in the reader's language: the titles are ones the validators recognise in every
locale (validators.headers), so a manager who fills in a Russian sample and sends it back gets every
column read as it was meant."""

from __future__ import annotations

from i18n import catalog
from services.wording import column_title
from sheets import samples
from validators.headers import ID_LABEL


def sample_header(locale: str, channel_id: str) -> tuple[str, ...]:
    columns = samples.sample_columns(channel_id)
    return tuple(
        column_title(locale, channel_id, key, ID_LABEL if key == "client_id" else key, position)
        for position, key in enumerate(columns)
    )


# Sample clients a reader of the language would expect to see (data, not words: no translation key).
_PEOPLE: dict[str, samples.People] = {
    "ru": (("Анна", "Смирнова", "Москва"), ("Иван", "Петров", "Казань"), ("Мария", "Гарсия", "Мадрид")),
}


def sample_xlsx(channel_id: str, locale: str) -> bytes:
    return samples.sample_xlsx(
        channel_id,
        header=sample_header(locale, channel_id),
        sheet=catalog().text(locale, "file-sample-sheet"),
        people=_PEOPLE.get(locale, samples.NAMES),
    )


def sample_csv(channel_id: str, locale: str) -> bytes:
    people = _PEOPLE.get(locale, samples.NAMES)
    return samples.sample_csv(channel_id, header=sample_header(locale, channel_id), people=people)
