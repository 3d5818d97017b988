"""Header detection and column naming."""

from __future__ import annotations

import pytest

from validators.channels import get_channel
from validators.headers import canonical_key, detect_layout, widen
from validators.result import Column


@pytest.mark.parametrize(
    ("title", "key"),
    [
        ("Phone", "client_id"),
        ("  PHONE NUMBER ", "client_id"),
        ("msisdn", "client_id"),
        ("Телефон", "client_id"),
        ("Номер телефона", "client_id"),
        ("Telegram ID", "client_id"),
        ("First name", "first_name"),
        ("first_name", "first_name"),
        ("FirstName", "first_name"),
        ("Имя", "first_name"),
        ("Last name", "last_name"),
        ("Фамилия", "last_name"),
        ("City", "city"),
        ("Город", "city"),
        ("GMT_ZONE", "gmt_zone"),
        ("Timezone", "gmt_zone"),
        ("Часовой пояс", "gmt_zone"),
        ("TZ", "gmt_zone"),
        ("Priority", "priority"),
        ("Приоритет", "priority"),
        ("Населённый пункт", "city"),  # ё folded to е
        ("Notes", None),
    ],
)
def test_synonyms(title: str, key: str | None) -> None:
    assert canonical_key(title) == key


def test_header_row_with_known_and_payload_columns() -> None:
    layout = detect_layout(
        ["Телефон", "Имя", "Фамилия", "Город", "GMT_ZONE", "Приоритет", "Notes", "", "Notes", "city"],
        get_channel("telephony"),
    )
    assert layout.has_header
    assert [column.key for column in layout.columns] == [
        "client_id",
        "first_name",
        "last_name",
        "city",
        "gmt_zone",
        "priority",
        "payload:Notes",
        "payload:Column 8",
        "payload:Notes (2)",
        "payload:city",  # a second City column is kept as payload
    ]
    assert layout.columns[0].title == "Телефон"
    assert [column.label for column in layout.columns if column.label] == ["number"]  # the empty title


def test_headerless_file_uses_the_channel_id_title() -> None:
    layout = detect_layout(["79161234567", "Иван", "+03:00"], get_channel("telephony"))
    assert not layout.has_header
    assert layout.columns == (  # named by the bot: labelled, so a reader sees them in their language
        Column("client_id", "Phone", "id"),
        Column("payload:Column 2", "Column 2", "number"),
        Column("payload:Column 3", "Column 3", "number"),
    )
    assert detect_layout(["123456789"], get_channel("telegram")).columns[0].title == "Telegram ID"


def test_a_mistyped_phone_in_the_first_row_is_data_not_a_header() -> None:
    assert not detect_layout(["12671234567", "Ann"], get_channel("telephony")).has_header
    assert not detect_layout(["1.26712E+10"], get_channel("telephony")).has_header


def test_empty_first_title_is_a_header_named_after_the_channel() -> None:
    layout = detect_layout(["", "Name"], get_channel("telephony"))
    assert layout.has_header
    assert layout.columns[0] == Column("client_id", "Phone", "id")


def test_an_id_synonym_is_a_header_even_when_it_is_a_valid_opaque_id() -> None:
    assert detect_layout(["client_id", "Name"], get_channel("chat_widget")).has_header
    assert not detect_layout(["visitor-42", "Ann"], get_channel("chat_widget")).has_header


def test_widen_adds_unique_positional_columns() -> None:
    columns = detect_layout(["Phone", "Column 3"], get_channel("telephony")).columns
    assert [column.title for column in widen(columns, 4)] == ["Phone", "Column 3", "Column 3 (2)", "Column 4"]


def test_a_data_row_with_a_broken_or_empty_first_cell_is_not_taken_for_a_header() -> None:
    """Taking such a row for a header loses it silently (never counted nor reported) and turns the
    client's cells into column titles."""
    telephony = get_channel("telephony")
    assert not detect_layout(["+7 916 123-45-6X", "Иван", "Москва"], telephony).has_header
    assert not detect_layout(["8 (916) 123-45-67 доб. 2", "Ann"], telephony).has_header
    assert not detect_layout(["", "Иван", "Москва", "+03:00"], telephony).has_header
    assert not detect_layout(["5012 3456 78", "Ann"], get_channel("telegram")).has_header
    # titles stay titles
    assert detect_layout(["Клиент", "Иван"], telephony).has_header
    assert detect_layout(["Phone 1", "Comment"], telephony).has_header
    assert detect_layout(["", "Имя", "Город"], telephony).has_header
    assert detect_layout(["+7 916 123-45-6X", "Имя"], telephony).has_header


def test_a_headerless_file_whose_first_row_is_broken_reports_that_row() -> None:
    from validators.rows import validate_rows

    result = validate_rows([["+7 916 123-45-6X", "Иван"], ["79161234567", "Пётр"]], "telephony")
    assert not result.has_header
    assert result.rows_read == 2
    assert [(p.row_number, p.cells) for p in result.invalid] == [(1, ("+7 916 123-45-6X", "Иван"))]
