"""ClientsRepo: upsert semantics and that every filter counts and selects the same clients as a
plain-Python reference (the FTS trigram search included)."""

from __future__ import annotations

import random
from dataclasses import replace

from storage.clients import ClientFilter, ClientsRepo
from storage.db import Database
from validators.client_report import ReportClient

DAY = 86_400
NOW = 1_790_000_000
NAMES = ("Anna Smith", "Hannah Brown", "Анна Петрова", "O'Brien_x", 'Quote "Q" 100%', "", "Ivan Petrov")


def make(cid: str, name: str = "", last: int = NOW, **changes: object) -> ReportClient:
    client = ReportClient("P", "telegram", cid, name, "", last - DAY, last, 1, ())
    return replace(client, **changes)  # type: ignore[arg-type]


async def test_upsert_merges_instead_of_duplicating(db: Database) -> None:
    repo = ClientsRepo(db)
    stats = await repo.upsert([make("1", "Anna", NOW - 5 * DAY, labels=("VIP",), dialogs=3)])
    assert (stats.added, stats.updated, stats.unchanged) == (1, 0, 0)
    # Older report: nothing moves backwards, name and labels stay.
    stats = await repo.upsert([make("1", "Old name", NOW - 9 * DAY, labels=("old",), dialogs=1)], project="P")
    assert (stats.added, stats.updated, stats.unchanged) == (0, 1, 0)  # first activity widened
    (row,) = await repo.select(ClientFilter(1, "telegram"))
    assert (row.name, row.last_activity, row.labels) == ("Anna", NOW - 5 * DAY, "VIP")
    # Newer report: activity, labels and name follow it; an empty name does not erase one.
    await repo.upsert([make("1", "", NOW, labels=("new", "VIP"), dialogs=7)])
    (row,) = await repo.select(ClientFilter(1, "telegram"))
    assert (row.name, row.last_activity, sorted(row.labels.split(", "))) == ("Anna", NOW, ["VIP", "new"])
    # Duplicates inside one batch merge too; the same id in another channel is another client.
    stats = await repo.upsert([make("2", "B"), make("2", "B2", NOW + 1), make("2", channel="vk")])
    assert (stats.added, await repo.total()) == (2, 3)
    assert [r.name for r in await repo.select(ClientFilter(1, "telegram", search="b2"))] == ["B2"]
    assert await repo.channel_counts(1) == {"telegram": 2, "vk": 1}


async def test_filters_match_a_python_reference(db: Database) -> None:
    repo = ClientsRepo(db)
    rng = random.Random(3)
    clients = [
        make(
            str(10_000 + i),
            rng.choice(NAMES),
            NOW - rng.randrange(120 * DAY),
            channel=rng.choice(("telegram", "vk")),
            labels=tuple(rng.sample(("VIP", "new", "late"), k=rng.randrange(3))),
        )
        for i in range(400)
    ]
    await repo.upsert(clients)
    labels = {label.name: label.id for label in await repo.labels(1, "telegram")}
    assert sorted(labels) == ["VIP", "late", "new"]
    searches = (
        None,
        "anna",
        "АННА",
        "smith",
        "an",
        "ан",
        "АН",
        "пЕ",
        "0012",
        '"q"',
        "100%",
        "_x",
        "ivan petrov",
        "zzz",
    )
    for search in searches:
        for since, until in ((None, None), (NOW - 30 * DAY, None), (NOW - 60 * DAY, NOW - 30 * DAY)):
            for label in (None, "VIP"):
                flt = ClientFilter(1, "telegram", since, until, search, labels[label] if label else None)
                expected = {
                    c.client_id
                    for c in clients
                    if c.channel == "telegram"
                    and (since is None or c.last_activity >= since)
                    and (until is None or c.last_activity < until)
                    and (label is None or label in c.labels)
                    and (
                        search is None
                        or search.casefold() in c.name.casefold()
                        or search.casefold() in c.client_id
                    )
                }
                assert await repo.count(flt) == len(expected), flt
                assert {r.client_id for r in await repo.select(flt)} == expected, flt


async def test_search_follows_renames(db: Database) -> None:
    repo = ClientsRepo(db)
    await repo.upsert([make("1", "Before")])
    await repo.upsert([replace(make("1", "After"), last_activity=NOW + 1)])
    assert await repo.count(ClientFilter(1, "telegram", search="before")) == 0
    assert await repo.count(ClientFilter(1, "telegram", search="after")) == 1
