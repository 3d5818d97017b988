"""Call campaigns of the Tovie Calls API, connected by admins (flow D).

The API token is a secret: a `Campaign` carries only its last 4 characters (`token_tail`), for display.
The whole token comes out through one method, `CampaignsRepo.token_of`, for the code that calls the API.
Removing a campaign is soft (its pushes keep naming it) and wipes the stored token; pushes of it that
have not finished are cancelled in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from storage.lists import checked_name, name_key
from storage.sql import Database
from storage.users import now_iso

TOKEN_TAIL = 4  # characters of the token ever shown
MAX_TOKEN_LENGTH = 512
MAX_HOST_LENGTH = 2_048
CAMPAIGN_REMOVED = "campaign_removed"  # last_error of the pushes that a removal cancels
CAMPAIGN_FIELDS = "id, name, host, token_tail, created_by, created_at, removed_by, removed_at"


class CampaignNameTaken(Exception):
    """Another active campaign already has this name (case-insensitive)."""


class CampaignExists(Exception):
    """This host and token are already connected, as the campaign `.campaign`."""

    def __init__(self, campaign: Campaign) -> None:
        super().__init__(campaign.name)
        self.campaign = campaign


class BadCampaign(ValueError):
    """An empty or overlong host or token (callers check first)."""


@dataclass(frozen=True, slots=True)
class Campaign:
    id: int
    name: str
    host: str
    token_tail: str  # the last TOKEN_TAIL characters of the token; never the token
    created_by: int
    created_at: str
    removed_by: int | None
    removed_at: str | None

    @property
    def active(self) -> bool:
        return self.removed_at is None


@dataclass(frozen=True, slots=True)
class Removal:
    """A removed campaign and the pushes of it that were cancelled (the push service stops their tasks)."""

    campaign: Campaign
    cancelled_pushes: tuple[int, ...]


def tidy_host(host: str) -> str:
    """The host as stored: surrounding whitespace and trailing slashes removed."""
    return host.strip().rstrip("/")


def tidy_token(token: str) -> str:
    return token.strip()


def token_tail(token: str) -> str:
    return token[-TOKEN_TAIL:]


def campaign_from_row(row: Any) -> Campaign:
    return Campaign(
        id=row[0],
        name=row[1],
        host=row[2],
        token_tail=row[3],
        created_by=row[4],
        created_at=row[5],
        removed_by=row[6],
        removed_at=row[7],
    )


class CampaignsRepo:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def add(self, *, name: str, host: str, token: str, created_by: int) -> Campaign:
        """Connect a campaign (the caller has checked the token against the API). The name is stored
        tidy; raises BadName (storage.lists), BadCampaign, CampaignNameTaken, CampaignExists."""
        name = checked_name(name)
        host, token = tidy_host(host), tidy_token(token)
        if not host or len(host) > MAX_HOST_LENGTH:
            raise BadCampaign("host")
        if not token or len(token) > MAX_TOKEN_LENGTH:
            raise BadCampaign("token")
        async with self._db.transaction() as conn:
            async with conn.execute(
                f"SELECT {CAMPAIGN_FIELDS} FROM call_campaigns"
                " WHERE host = ? AND token = ? AND removed_at IS NULL",
                (host, token),
            ) as cur:
                same = await cur.fetchone()
            if same is not None:
                raise CampaignExists(campaign_from_row(same))
            async with conn.execute(
                "SELECT 1 FROM call_campaigns WHERE name_key = ? AND removed_at IS NULL", (name_key(name),)
            ) as cur:
                if await cur.fetchone() is not None:
                    raise CampaignNameTaken(name)
            cur = await conn.execute(
                "INSERT INTO call_campaigns (name, name_key, host, token, token_tail, created_by, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                (name, name_key(name), host, token, token_tail(token), created_by, now_iso()),
            )
            campaign_id = int((await cur.fetchone())[0])
        assert campaign_id is not None
        added = await self.get(campaign_id)
        assert added is not None
        return added

    async def list(self, *, include_removed: bool = False) -> tuple[Campaign, ...]:
        """Active campaigns by name (with `include_removed`, removed ones after them)."""
        where = "" if include_removed else " WHERE removed_at IS NULL"
        async with self._db.reader.execute(
            f"SELECT {CAMPAIGN_FIELDS} FROM call_campaigns{where}"
            " ORDER BY removed_at IS NOT NULL, name_key, id"
        ) as cur:
            rows = await cur.fetchall()
        return tuple(campaign_from_row(row) for row in rows)

    async def get(self, campaign_id: int) -> Campaign | None:
        """Any campaign by id, removed or not (`.active` says which)."""
        async with self._db.reader.execute(
            f"SELECT {CAMPAIGN_FIELDS} FROM call_campaigns WHERE id = ?", (campaign_id,)
        ) as cur:
            row = await cur.fetchone()
        return campaign_from_row(row) if row else None

    async def get_active(self, campaign_id: int) -> Campaign | None:
        found = await self.get(campaign_id)
        return found if found is not None and found.active else None

    async def token_of(self, campaign_id: int) -> str | None:
        """The whole API token of an active campaign: for the Calls API client only, never to show or log."""
        async with self._db.reader.execute(
            "SELECT token FROM call_campaigns WHERE id = ? AND removed_at IS NULL", (campaign_id,)
        ) as cur:
            row = await cur.fetchone()
        return str(row[0]) if row else None

    async def remove(self, campaign_id: int, *, user_id: int) -> Removal | None:
        """Soft-remove an active campaign, wipe its token and cancel its unfinished pushes, in one
        transaction. None when it was already removed or never existed (a second press, an old button)."""
        now = now_iso()
        async with self._db.transaction() as conn:
            cur = await conn.execute(
                "UPDATE call_campaigns SET removed_at = ?, removed_by = ?, token = ''"
                " WHERE id = ? AND removed_at IS NULL",
                (now, user_id, campaign_id),
            )
            if cur.rowcount == 0:
                return None
            async with conn.execute(
                "SELECT id FROM call_pushes WHERE campaign_id = ? AND status IN ('pending', 'running')"
                " ORDER BY id",
                (campaign_id,),
            ) as cur:
                cancelled = tuple(int(row[0]) for row in await cur.fetchall())
            await conn.executemany(
                "UPDATE call_pushes SET status = 'cancelled', finished_at = ?, last_error = ? WHERE id = ?",
                [(now, CAMPAIGN_REMOVED, push_id) for push_id in cancelled],
            )
            async with conn.execute(
                f"SELECT {CAMPAIGN_FIELDS} FROM call_campaigns WHERE id = ?", (campaign_id,)
            ) as cur:
                row = await cur.fetchone()
        assert row is not None
        return Removal(campaign_from_row(row), cancelled)
