"""List names: invisible and control characters go, emoji sequences stay, names are never empty."""

from __future__ import annotations

from pathlib import Path

import pytest

from storage.db import MIGRATIONS_DIR, Database
from storage.lists import BadName, ListColumn, ListsRepo, name_key, tidy_name

FAMILY = "\U0001f468\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466"  # 👨‍👩‍👧‍👦
RAINBOW_FLAG = "\U0001f3f3\ufe0f\u200d\U0001f308"  # 🏳️‍🌈
WOMAN_TECHNOLOGIST = "\U0001f469\U0001f3fd\u200d\U0001f4bb"  # 👩🏽‍💻 (skin tone before the ZWJ)
HEART = "\u2764\ufe0f"  # ❤️
KEYCAP = "#\ufe0f\u20e3"  # #️⃣
ENGLAND = "\U0001f3f4\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f"  # 🏴󠁧󠁢󠁥󠁮󠁧󠁿


@pytest.mark.parametrize(
    "typed",
    [
        "\u200b",
        "\u200b\u200c\u200d\u2060\ufeff",
        " \u200b \u200b ",
        "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069",
        "\ufeff",
        "\u00ad\u034f\u180e",
        "\u3164\u115f\u1160\uffa0\u2800",  # fillers and the blank braille cell
        "\ufe0f\ufe0f",  # variation selectors with nothing to vary
        "\x00\x07\x1b\x7f\x85",
        "\t\n\r\x0b\x0c\u2028\u2029\u00a0\u3000",
        "\ud800",  # a lone surrogate (it could not even be stored)
        "\U000e0067\U000e007f",  # tag characters without their flag
    ],
)
def test_invisible_only_names_are_empty(typed: str) -> None:
    assert tidy_name(typed) == ""


@pytest.mark.parametrize(
    ("typed", "tidy"),
    [
        ("  March   leads ", "March leads"),
        ("March\nleads", "March leads"),
        ("March\tleads\r\n2026", "March leads 2026"),
        ("Mar\u200bch", "March"),
        ("\ufeffMarch", "March"),
        ("\u202eMarch\u202c", "March"),
        ("\u200fקמפיין\u200f", "קמפיין"),  # RTL marks go, the Hebrew stays
        ("Ma\u200drch", "March"),  # a ZWJ between letters of a script that does not join
        ("VIP\u200d\U0001f468", "VIP\U0001f468"),  # a ZWJ after a letter, before an emoji
        (f"Family {FAMILY}", f"Family {FAMILY}"),
        (FAMILY, FAMILY),
        (RAINBOW_FLAG, RAINBOW_FLAG),
        (WOMAN_TECHNOLOGIST, WOMAN_TECHNOLOGIST),
        (f"{HEART} Leads", f"{HEART} Leads"),
        (KEYCAP, KEYCAP),
        (ENGLAND, ENGLAND),
        ("\U0001f468\u200d", "\U0001f468"),  # a trailing ZWJ joins nothing
        ("\U0001f468\u200d\u200d\U0001f469", "\U0001f468\u200d\U0001f469"),
        ("\U0001f468 \u200d\U0001f469", "\U0001f468 \U0001f469"),
        ("می\u200cخواهم", "می\u200cخواهم"),  # Persian ZWNJ is spelling
        ("\u0dc1\u0dca\u200d\u0dbb\u0dd3", "\u0dc1\u0dca\u200d\u0dbb\u0dd3"),  # Sinhala ශ්‍රී
        ("Cafe\u0301", "Café"),  # NFC: one spelling per name
        ("a\u2800b", "a b"),
    ],
)
def test_tidy_name(typed: str, tidy: str) -> None:
    assert tidy_name(typed) == tidy


def test_names_that_look_the_same_have_the_same_key() -> None:
    assert name_key("March\u200b Leads") == name_key("march leads") == name_key("MARCH\u00a0LEADS")
    assert name_key("Cafe\u0301") == name_key("café")


COLUMNS = (ListColumn("phone", "Phone"),)


async def test_lists_are_stored_with_the_tidy_name(db: Database) -> None:
    lists = ListsRepo(db)
    made = await lists.create_ready(
        name="\u202e Leads\u200b\n2026 ",
        channel="telephony",
        columns=COLUMNS,
        rows=[["442079460000"]],
        source={"kind": "clients"},
        owner_id=1,
    )
    assert made.name == "Leads 2026"
    assert await lists.name_taken("leads\u200d 2026")
    with pytest.raises(BadName):
        await lists.create_ready(
            name="\u200b\u200b",
            channel="telephony",
            columns=COLUMNS,
            rows=[["442079460000"]],
            source={"kind": "clients"},
            owner_id=1,
        )
    with pytest.raises(BadName):
        await lists.create_ready(
            name="x" * 101, channel="telephony", columns=COLUMNS, rows=[], source={}, owner_id=1
        )
    assert (await lists.page(0)).total == 1


async def test_migration_tidies_the_names_of_existing_lists(tmp_path: Path) -> None:
    """Lists named before the names were tidied: keys that match what the names look like now."""
    old_dir = tmp_path / "migrations"
    old_dir.mkdir()
    for path in sorted(MIGRATIONS_DIR.glob("000[1-5]_*.sql")):
        (old_dir / path.name).write_text(path.read_text())
    old = await Database.open(tmp_path / "m.db", migrations_dir=old_dir)
    named = {1: "Leads\u200b  2026", 2: "Plain", 3: "plain\u200b", 4: "\u200b"}
    async with old.transaction() as conn:
        for list_id, name in named.items():  # as the old tidy_name stored them
            await conn.execute(
                "INSERT INTO lists (id, status, name, name_key, channel, columns, source, owner_id,"
                " staged_at) VALUES (?, 'ready', ?, ?, 'telephony', '[]', '{}', 5, 'x')",
                (list_id, " ".join(name.split()), " ".join(name.split()).casefold()),
            )
    await old.close()
    new = await Database.open(tmp_path / "m.db")
    try:
        lists = ListsRepo(new)
        assert [(await lists.get(i)).name for i in named] == [  # type: ignore[union-attr]
            "Leads 2026",
            "Plain",
            "plain\u200b",  # would take the name of list 2: left for a person to rename
            "\u200b",  # nothing visible: left for a person to rename
        ]
        assert await lists.name_taken("leads 2026")
        assert await lists.name_taken("PLAIN")
    finally:
        await new.close()
