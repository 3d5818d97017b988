"""Analytics clients (flow B): the people the bots talked to, filtered and counted for new lists.

Why batches: the import upserts thousands of rows; one SELECT per chunk for what exists and
`executemany` for the rest keep it to a handful of round trips per chunk instead of several per row.
Why the filter is a dataclass: the count shown to the manager and the rows of the list they create
come from the same WHERE clause, so the list holds exactly the clients that were counted.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from storage.sql import Connection, Database, Dialect
from validators.client_report import ReportClient

logger = logging.getLogger(__name__)

PARAMS_PER_QUERY = 500
MIN_FTS_SEARCH = 3  # the trigram index needs 3 characters; shorter searches scan the slice
Key = tuple[int, str, str]  # (project_id, channel, client_id)


@dataclass(frozen=True, slots=True)
class Project:
    id: int
    name: str
    clients: int


@dataclass(frozen=True, slots=True)
class Label:
    id: int
    name: str


@dataclass(frozen=True, slots=True)
class ClientFilter:
    project_id: int
    channel: str
    since: int | None = None  # last activity >= since (unix seconds)
    until: int | None = None  # last activity < until
    search: str | None = None  # substring of the name or the client id, case-insensitive
    label_id: int | None = None


@dataclass(frozen=True, slots=True)
class ClientRow:
    client_id: str
    name: str
    last_activity: int
    labels: str  # ", "-joined


@dataclass(slots=True)
class UpsertStats:
    added: int = 0
    updated: int = 0
    unchanged: int = 0

    def add(self, other: UpsertStats) -> None:
        self.added += other.added
        self.updated += other.updated
        self.unchanged += other.unchanged


def fts_phrase(text: str) -> str:
    """The search text as one FTS5 phrase: with the trigram tokenizer, a substring match."""
    return '"' + text.replace('"', '""') + '"'


def like_pattern(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def case_variants(text: str) -> list[str]:
    """Every lower/upper spelling of a short search: SQLite's LIKE folds the case of ASCII only,
    so `ан` would miss `Анна`. At most 2 characters reach here (longer ones use the FTS index)."""
    spellings = [""]
    for char in text:
        forms = dict.fromkeys((char.lower(), char.upper()))
        spellings = [head + form for head in spellings for form in forms]
    return spellings


def where_clause(flt: ClientFilter, dialect: Dialect = "sqlite") -> tuple[str, list[Any]]:
    """SQL condition on `c` (clients) and its parameters.

    The search is a substring of the name or the id, whatever the case: SQLite through its FTS5
    trigram index (LIKE for 1-2 characters), PostgreSQL through ILIKE on pg_trgm indexes."""
    parts = ["c.project_id = ?", "c.channel = ?"]
    params: list[Any] = [flt.project_id, flt.channel]
    if flt.since is not None:
        parts.append("c.last_activity >= ?")
        params.append(flt.since)
    if flt.until is not None:
        parts.append("c.last_activity < ?")
        params.append(flt.until)
    if flt.label_id is not None:
        parts.append("c.id IN (SELECT client FROM client_label_links WHERE label_id = ?)")
        params.append(flt.label_id)
    search = (flt.search or "").strip()
    if search and dialect == "postgresql":
        parts.append("(c.name ILIKE ? ESCAPE '\\' OR c.client_id ILIKE ? ESCAPE '\\')")
        params += [like_pattern(search)] * 2
    elif len(search) >= MIN_FTS_SEARCH:
        parts.append("c.id IN (SELECT rowid FROM clients_fts WHERE clients_fts MATCH ?)")
        params.append(fts_phrase(search))
    elif search:
        variants = case_variants(search)
        like = "c.name LIKE ? ESCAPE '\\' OR c.client_id LIKE ? ESCAPE '\\'"
        parts.append("(" + " OR ".join([like] * len(variants)) + ")")
        for variant in variants:
            params += [like_pattern(variant)] * 2
    return " AND ".join(parts), params


def merge(old: ReportClient, new: ReportClient) -> ReportClient:
    """Two reports of one client: the newer one's name, labels and bot id; the widest activity span."""
    newer, older = (new, old) if new.last_activity >= old.last_activity else (old, new)
    return replace(
        newer,
        name=newer.name or older.name,
        first_activity=min(old.first_activity, new.first_activity),
        dialogs=max(old.dialogs, new.dialogs),
    )


def _chunks(items: Sequence[Any], size: int = PARAMS_PER_QUERY) -> Iterable[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class ClientsRepo:
    def __init__(self, db: Database) -> None:
        self._db = db

    # --- reading --------------------------------------------------------------------------------

    async def projects(self) -> list[Project]:
        """Projects that have clients, by name."""
        sql = (
            "SELECT p.id, p.name, count(*) FROM client_projects p JOIN clients c ON c.project_id = p.id"
            " GROUP BY p.id ORDER BY p.name"
        )
        async with self._db.reader.execute(sql) as cur:
            return [Project(r[0], r[1], r[2]) async for r in cur]

    async def project_name(self, project_id: int) -> str | None:
        async with self._db.reader.execute(
            "SELECT name FROM client_projects WHERE id = ?", (project_id,)
        ) as cur:
            row = await cur.fetchone()
        return str(row[0]) if row else None

    async def channel_counts(self, project_id: int) -> dict[str, int]:
        async with self._db.reader.execute(
            "SELECT channel, count(*) FROM clients WHERE project_id = ? GROUP BY channel", (project_id,)
        ) as cur:
            return {r[0]: r[1] async for r in cur}

    async def labels(self, project_id: int, channel: str, limit: int = 50) -> list[Label]:
        """Labels that at least one client of the slice has, by name."""
        async with self._db.reader.execute(
            "SELECT l.id, l.name FROM client_labels l WHERE l.project_id = ? AND l.channel = ?"
            " AND EXISTS (SELECT 1 FROM client_label_links k WHERE k.label_id = l.id)"
            " ORDER BY lower(l.name), l.name LIMIT ?",
            (project_id, channel, limit),
        ) as cur:
            return [Label(r[0], r[1]) async for r in cur]

    async def label(self, label_id: int) -> Label | None:
        async with self._db.reader.execute(
            "SELECT id, name FROM client_labels WHERE id = ?", (label_id,)
        ) as cur:
            row = await cur.fetchone()
        return Label(row[0], row[1]) if row else None

    async def count(self, flt: ClientFilter) -> int:
        where, params = where_clause(flt, self._db.dialect)
        async with self._db.reader.execute(f"SELECT count(*) FROM clients c WHERE {where}", params) as cur:
            row = await cur.fetchone()
        return int(row[0]) if row else 0

    async def select(self, flt: ClientFilter) -> list[ClientRow]:
        """The matching clients, most recently active first."""
        where, params = where_clause(flt, self._db.dialect)
        sql = (
            "SELECT c.client_id, c.name, c.last_activity, (SELECT group_concat(l.name, ', ')"
            " FROM client_label_links k JOIN client_labels l ON l.id = k.label_id WHERE k.client = c.id)"
            f" FROM clients c WHERE {where} ORDER BY c.last_activity DESC, c.id"
        )
        async with self._db.reader.execute(sql, params) as cur:
            return [ClientRow(r[0], r[1], r[2], r[3] or "") async for r in cur]

    async def total(self) -> int:
        async with self._db.reader.execute("SELECT count(*) FROM clients") as cur:
            row = await cur.fetchone()
        return int(row[0]) if row else 0

    # --- writing --------------------------------------------------------------------------------

    async def upsert(self, clients: Sequence[ReportClient], *, project: str | None = None) -> UpsertStats:
        """Add new clients and update known ones in one transaction.

        A re-imported or newer report never duplicates: the activity span widens, dialogs keep the
        maximum, and name and labels come from the newer row. `project` overrides the rows' project.
        """
        async with self._db.transaction() as conn:
            return await _Upsert(conn).run(clients, project)


class _Upsert:
    """One chunk of an import inside an open transaction."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.projects: dict[str, int] = {}
        self.labels: dict[tuple[int, str, str], int] = {}

    async def run(self, clients: Sequence[ReportClient], project: str | None) -> UpsertStats:
        merged: dict[Key, ReportClient] = {}
        for client in clients:
            key = (await self.project_id(project or client.project or ""), client.channel, client.client_id)
            merged[key] = merge(merged[key], client) if key in merged else client
        existing = await self.existing(list(merged))
        stats = UpsertStats()
        inserts: list[Key] = []
        updates: list[tuple[Any, ...]] = []
        relabel: dict[int, tuple[tuple[int, str], tuple[str, ...]]] = {}
        old_labels = await self.label_names([row[0] for row in existing.values()])
        for key, client in merged.items():
            old = existing.get(key)
            if old is None:
                inserts.append(key)
                stats.added += 1
                continue
            row_id, name, bot_id, first, last, dialogs = old
            prior = ReportClient(
                client.project, key[1], key[2], name, bot_id, first, last, dialogs, old_labels[row_id]
            )
            result = merge(prior, client)
            if replace(result, labels=()) == replace(prior, labels=()) and set(result.labels) == set(
                prior.labels
            ):
                stats.unchanged += 1
                continue
            stats.updated += 1
            r = result
            updates.append((r.name, r.bot_id, r.first_activity, r.last_activity, r.dialogs, row_id))
            if set(result.labels) != set(prior.labels):
                relabel[row_id] = ((key[0], key[1]), result.labels)
        await self.conn.executemany(
            "INSERT INTO clients (project_id, channel, client_id, name, bot_id, first_activity,"
            " last_activity, dialogs) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (*key, c.name, c.bot_id, c.first_activity, c.last_activity, c.dialogs)
                for key in inserts
                for c in (merged[key],)
            ],
        )
        await self.conn.executemany(
            "UPDATE clients SET name = ?, bot_id = ?, first_activity = ?, last_activity = ?, dialogs = ?"
            " WHERE id = ?",
            updates,
        )
        labelled = [key for key in inserts if merged[key].labels]
        for key, row in (await self.existing(labelled)).items():
            relabel[row[0]] = ((key[0], key[1]), merged[key].labels)
        await self.set_labels(relabel)
        return stats

    async def project_id(self, name: str) -> int:
        name = " ".join(name.split()) or "Default"
        if name not in self.projects:
            await self.conn.execute(
                "INSERT INTO client_projects (name) VALUES (?) ON CONFLICT DO NOTHING", (name,)
            )
            async with self.conn.execute("SELECT id FROM client_projects WHERE name = ?", (name,)) as cur:
                row = await cur.fetchone()
            assert row is not None
            self.projects[name] = int(row[0])
        return self.projects[name]

    async def existing(self, keys: Sequence[Key]) -> dict[Key, tuple[Any, ...]]:
        """(id, name, bot_id, first, last, dialogs) of the keys already stored."""
        by_slice: dict[tuple[int, str], list[str]] = {}
        for project_id, channel, client_id in keys:
            by_slice.setdefault((project_id, channel), []).append(client_id)
        found: dict[Key, tuple[Any, ...]] = {}
        for (project_id, channel), ids in by_slice.items():
            for part in _chunks(ids):
                marks = ", ".join("?" * len(part))
                async with self.conn.execute(
                    "SELECT client_id, id, name, bot_id, first_activity, last_activity, dialogs FROM clients"
                    f" WHERE project_id = ? AND channel = ? AND client_id IN ({marks})",
                    (project_id, channel, *part),
                ) as cur:
                    async for row in cur:
                        found[(project_id, channel, row[0])] = tuple(row[1:])
        return found

    async def label_names(self, row_ids: Sequence[int]) -> dict[int, tuple[str, ...]]:
        names: dict[int, list[str]] = {row_id: [] for row_id in row_ids}
        for part in _chunks(row_ids):
            marks = ", ".join("?" * len(part))
            async with self.conn.execute(
                "SELECT k.client, l.name FROM client_label_links k JOIN client_labels l ON l.id = k.label_id"
                f" WHERE k.client IN ({marks})",
                tuple(part),
            ) as cur:
                async for row in cur:
                    names[row[0]].append(row[1])
        return {row_id: tuple(values) for row_id, values in names.items()}

    async def set_labels(self, relabel: dict[int, tuple[tuple[int, str], tuple[str, ...]]]) -> None:
        """Replace the labels of the given clients (row id → ((project_id, channel), names))."""
        if not relabel:
            return
        await self.conn.executemany(
            "DELETE FROM client_label_links WHERE client = ?", [(row_id,) for row_id in relabel]
        )
        links: list[tuple[int, int]] = []
        for row_id, ((project_id, channel), names) in relabel.items():
            for name in names:
                links.append((await self.label_id(project_id, channel, name), row_id))
        await self.conn.executemany(
            "INSERT INTO client_label_links (label_id, client) VALUES (?, ?) ON CONFLICT DO NOTHING", links
        )

    async def label_id(self, project_id: int, channel: str, name: str) -> int:
        key = (project_id, channel, name)
        if key not in self.labels:
            await self.conn.execute(
                "INSERT INTO client_labels (project_id, channel, name) VALUES (?, ?, ?)"
                " ON CONFLICT DO NOTHING",
                key,
            )
            async with self.conn.execute(
                "SELECT id FROM client_labels WHERE project_id = ? AND channel = ? AND name = ?", key
            ) as cur:
                row = await cur.fetchone()
            assert row is not None
            self.labels[key] = int(row[0])
        return self.labels[key]
