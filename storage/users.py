"""Users the bot has seen, their roles and their access requests.

Roles are read from the database on every check (no cache), so a revoke takes effect at once.
What a user looks like (username, name) *is* cached: it is written only when it changes, so an
ordinary update needs no write and is never stuck behind a long write transaction.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

from storage.names import tidy_name
from storage.sql import Database


class Role(StrEnum):
    OUTBOUND_MANAGER = "OUTBOUND_MANAGER"
    ADMIN = "ADMIN"


class RequestOutcome(StrEnum):
    CREATED = "created"
    ALREADY_PENDING = "already_pending"
    HAS_ACCESS = "has_access"


class RequestStatus(StrEnum):
    PENDING = "pending"
    GRANTED = "granted"
    IGNORED = "ignored"


@dataclass(frozen=True, slots=True)
class UserRecord:
    id: int
    username: str | None
    full_name: str
    roles: frozenset[Role]
    bootstrap_admin: bool = False


@dataclass(frozen=True, slots=True)
class AccessRequest:
    user_id: int
    status: RequestStatus
    requested_at: str
    decided_by: int | None
    decided_at: str | None


MAX_USER_ID = 2**53  # Telegram ids have at most 52 significant bits; SQLite integers stop at 2**63


def parse_user_id(ref: str) -> int | None:
    """A Telegram user id typed by a person ("123456"), or None: ASCII digits only, in range."""
    ref = ref.strip()
    if not (ref.isascii() and ref.isdigit()):
        return None
    value = int(ref)
    return value if 0 < value < MAX_USER_ID else None


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def effective_roles(stored: Iterable[Role], *, bootstrap_admin: bool) -> frozenset[Role]:
    """An admin has every role."""
    roles = set(stored)
    if bootstrap_admin:
        roles.add(Role.ADMIN)
    if Role.ADMIN in roles:
        roles.update(Role)
    return frozenset(roles)


class UsersRepo:
    def __init__(self, db: Database, admin_ids: Iterable[int] = ()) -> None:
        self._db = db
        self.admin_ids = frozenset(admin_ids)
        self._seen: dict[int, tuple[str | None, str]] = {}
        self._languages: dict[int, str] = {}  # written only through this repository

    async def bootstrap_admins(self) -> None:
        """Make every ADMIN_IDS user an admin (idempotent; one transaction at start-up)."""
        if not self.admin_ids:
            return
        now = now_iso()
        async with self._db.transaction() as conn:
            for user_id in sorted(self.admin_ids):
                await conn.execute(
                    "INSERT INTO users (id, first_seen, updated_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                    (user_id, now, now),
                )
                await conn.execute(
                    "INSERT INTO user_roles (user_id, role, granted_at) VALUES (?, ?, ?)"
                    " ON CONFLICT DO NOTHING",
                    (user_id, Role.ADMIN.value, now),
                )

    async def seen(
        self, user_id: int, username: str | None, full_name: str, language: str | None = None
    ) -> bool:
        """Remember how the user looks now; returns True only when that needed a write.

        Stored without invisible characters (storage.names): admins see these names next to ids and
        buttons, and a bidi override in someone's name would reorder the text that follows it.
        `language` (from Telegram's language_code) is stored only while the user has none yet: a
        choice made with /language is never overwritten by the client's setting.
        """
        username = tidy_name(username) or None if username is not None else None
        full_name = tidy_name(full_name)
        current = (username, full_name)
        if self._seen.get(user_id) == current:
            return False
        async with self._db.reader.execute(
            "SELECT username, full_name, language FROM users WHERE id = ?", (user_id,)
        ) as cur:
            row = await cur.fetchone()
        stored = row["language"] if row is not None else None
        if stored is not None:  # the language middleware that follows needs no read of its own
            self._languages[user_id] = stored
        if (
            row is not None
            and (row["username"], row["full_name"]) == current
            and (row["language"] is not None or language is None)
        ):
            self._seen[user_id] = current
            return False
        now = now_iso()
        async with self._db.transaction() as conn:
            await conn.execute(
                "INSERT INTO users (id, username, full_name, language, first_seen, updated_at)"
                " VALUES (?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (id) DO UPDATE SET username = excluded.username,"
                " full_name = excluded.full_name, updated_at = excluded.updated_at,"
                " language = coalesce(users.language, excluded.language)",
                (user_id, username, full_name, language, now, now),
            )
        self._seen[user_id] = current
        if stored is None and language is not None:
            self._languages[user_id] = language
        return True

    async def language(self, user_id: int) -> str | None:
        """The user's stored language, or None when unknown (never seen, or seen before 0009)."""
        if user_id in self._languages:
            return self._languages[user_id]
        async with self._db.reader.execute("SELECT language FROM users WHERE id = ?", (user_id,)) as cur:
            row = await cur.fetchone()
        language = None if row is None else row["language"]
        if language is not None:  # only a known language is cached: None may be filled in by seen()
            self._languages[user_id] = language
        return language

    async def set_language(self, user_id: int, language: str) -> None:
        now = now_iso()
        async with self._db.transaction() as conn:
            await conn.execute(
                "INSERT INTO users (id, language, first_seen, updated_at) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (id) DO UPDATE SET language = excluded.language,"
                " updated_at = excluded.updated_at",
                (user_id, language, now, now),
            )
        self._languages[user_id] = language

    async def roles(self, user_id: int) -> frozenset[Role]:
        async with self._db.reader.execute(
            "SELECT role FROM user_roles WHERE user_id = ?", (user_id,)
        ) as cur:
            rows = await cur.fetchall()
        return effective_roles((Role(row["role"]) for row in rows), bootstrap_admin=user_id in self.admin_ids)

    async def has_role(self, user_id: int, role: Role) -> bool:
        return role in await self.roles(user_id)

    async def get(self, user_id: int) -> UserRecord | None:
        async with self._db.reader.execute(
            "SELECT id, username, full_name FROM users WHERE id = ?", (user_id,)
        ) as cur:
            row = await cur.fetchone()
        if row is None:
            return None
        return UserRecord(
            id=row["id"],
            username=row["username"],
            full_name=row["full_name"],
            roles=await self.roles(user_id),
            bootstrap_admin=user_id in self.admin_ids,
        )

    async def find(self, ref: str) -> UserRecord | None:
        """A user by numeric id or by @username (case-insensitive; the most recently updated wins)."""
        ref = ref.strip()
        user_id = parse_user_id(ref)
        if user_id is not None:
            return await self.get(user_id)
        username = ref.removeprefix("@")
        if not username or username.isdigit():
            return None
        async with self._db.reader.execute(
            "SELECT id FROM users WHERE lower(username) = lower(?) ORDER BY updated_at DESC LIMIT 1",
            (username,),
        ) as cur:
            row = await cur.fetchone()
        return None if row is None else await self.get(int(row["id"]))

    async def grant(self, user_id: int, role: Role, *, by: int | None) -> bool:
        """Give a role; False when the user already had it (stored or implied)."""
        if role in await self.roles(user_id):
            return False
        now = now_iso()
        async with self._db.transaction() as conn:
            await conn.execute(
                "INSERT INTO users (id, first_seen, updated_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                (user_id, now, now),
            )
            cur = await conn.execute(
                "INSERT INTO user_roles (user_id, role, granted_by, granted_at)"
                " VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                (user_id, role.value, by, now),
            )
            return cur.rowcount > 0

    async def revoke(self, user_id: int, role: Role | None = None) -> frozenset[Role]:
        """Remove one stored role (or all when `role` is None); returns the roles removed.

        ADMIN_IDS admins keep ADMIN: that comes from the configuration, not the database.
        """
        removable = set(Role) if role is None else {role}
        if user_id in self.admin_ids:
            removable.discard(Role.ADMIN)
        if not removable:
            return frozenset()
        placeholders = ", ".join("?" for _ in removable)
        values = sorted(r.value for r in removable)
        async with self._db.transaction() as conn:
            async with conn.execute(
                f"SELECT role FROM user_roles WHERE user_id = ? AND role IN ({placeholders})",
                (user_id, *values),
            ) as cur:
                removed = frozenset(Role(row["role"]) for row in await cur.fetchall())
            await conn.execute(
                f"DELETE FROM user_roles WHERE user_id = ? AND role IN ({placeholders})",
                (user_id, *values),
            )
        return removed

    async def with_roles(self) -> list[UserRecord]:
        """Everyone who has a role, admins first, then by name."""
        admins = sorted(self.admin_ids)
        is_admin = f"u.id IN ({', '.join('?' * len(admins))})" if admins else "FALSE"
        async with self._db.reader.execute(
            "SELECT u.id, u.username, u.full_name, group_concat(r.role, ',') AS roles"
            " FROM users u LEFT JOIN user_roles r ON r.user_id = u.id"
            f" GROUP BY u.id HAVING count(r.role) > 0 OR {is_admin}"
            " ORDER BY lower(u.full_name), u.id",
            admins,
        ) as cur:
            rows = await cur.fetchall()
        records = [
            UserRecord(
                id=row["id"],
                username=row["username"],
                full_name=row["full_name"],
                roles=effective_roles(
                    (Role(r) for r in (row["roles"] or "").split(",") if r),
                    bootstrap_admin=row["id"] in self.admin_ids,
                ),
                bootstrap_admin=row["id"] in self.admin_ids,
            )
            for row in rows
        ]
        records.sort(key=lambda u: Role.ADMIN not in u.roles)
        return records

    async def admins(self) -> list[int]:
        """Ids of every admin (stored or from ADMIN_IDS)."""
        async with self._db.reader.execute(
            "SELECT user_id FROM user_roles WHERE role = ?", (Role.ADMIN.value,)
        ) as cur:
            stored = {int(row["user_id"]) for row in await cur.fetchall()}
        return sorted(stored | self.admin_ids)

    # --- access requests -------------------------------------------------------------------

    async def request_access(self, user_id: int) -> RequestOutcome:
        if await self.roles(user_id):
            return RequestOutcome.HAS_ACCESS
        now = now_iso()
        async with self._db.transaction() as conn:
            await conn.execute(
                "INSERT INTO users (id, first_seen, updated_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                (user_id, now, now),
            )
            cur = await conn.execute(
                "INSERT INTO access_requests (user_id, status, requested_at) VALUES (?, 'pending', ?)"
                " ON CONFLICT (user_id) DO UPDATE SET status = 'pending',"
                " requested_at = excluded.requested_at, decided_by = NULL, decided_at = NULL"
                " WHERE access_requests.status != 'pending'",
                (user_id, now),
            )
            return RequestOutcome.CREATED if cur.rowcount > 0 else RequestOutcome.ALREADY_PENDING

    async def get_request(self, user_id: int) -> AccessRequest | None:
        async with self._db.reader.execute(
            "SELECT user_id, status, requested_at, decided_by, decided_at"
            " FROM access_requests WHERE user_id = ?",
            (user_id,),
        ) as cur:
            row = await cur.fetchone()
        if row is None:
            return None
        return AccessRequest(
            user_id=row["user_id"],
            status=RequestStatus(row["status"]),
            requested_at=row["requested_at"],
            decided_by=row["decided_by"],
            decided_at=row["decided_at"],
        )

    async def decide_request(self, user_id: int, *, grant: bool, by: int) -> bool:
        """Settle a pending request (granting the manager role atomically); False if not pending."""
        now = now_iso()
        status = RequestStatus.GRANTED if grant else RequestStatus.IGNORED
        async with self._db.transaction() as conn:
            cur = await conn.execute(
                "UPDATE access_requests SET status = ?, decided_by = ?, decided_at = ?"
                " WHERE user_id = ? AND status = 'pending'",
                (status.value, by, now, user_id),
            )
            if cur.rowcount == 0:
                return False
            if grant:
                await conn.execute(
                    "INSERT INTO user_roles (user_id, role, granted_by, granted_at)"
                    " VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                    (user_id, Role.OUTBOUND_MANAGER.value, by, now),
                )
        return True

    async def withdraw_request(self, user_id: int) -> None:
        """Forget a pending request (e.g. no admin could be told), so the user can ask again."""
        async with self._db.transaction() as conn:
            await conn.execute(
                "DELETE FROM access_requests WHERE user_id = ? AND status = 'pending'", (user_id,)
            )

    async def pending_requests(self) -> int:
        async with self._db.reader.execute(
            "SELECT count(*) FROM access_requests WHERE status = 'pending'"
        ) as cur:
            row = await cur.fetchone()
        return int(row[0]) if row else 0
