"""CampaignsRepo: call campaigns connected by admins; the token is stored but shown only by its tail."""

from __future__ import annotations

import pytest

from storage.campaigns import (
    CAMPAIGN_REMOVED,
    BadCampaign,
    CampaignExists,
    CampaignNameTaken,
    CampaignsRepo,
)
from storage.db import Database
from storage.lists import BadName, ListColumn, ListsRepo
from storage.pushes import PushesRepo, PushStatus

TOKEN = "8231.7056.1b131df1"
HOST = "https://app.jaicp.com"


async def stored_tokens(db: Database) -> list[str]:
    async with db.reader.execute("SELECT token FROM call_campaigns ORDER BY id") as cur:
        return [row[0] for row in await cur.fetchall()]


async def test_add_keeps_the_token_out_of_what_it_returns(db: Database) -> None:
    campaigns = CampaignsRepo(db)
    added = await campaigns.add(name="  Spring   promo ", host=HOST + "/", token=f" {TOKEN}\n", created_by=1)
    assert (added.name, added.host, added.token_tail, added.created_by) == ("Spring promo", HOST, "1df1", 1)
    assert added.active
    assert added.removed_at is None
    assert TOKEN not in repr(added)
    assert TOKEN not in str(await campaigns.list())
    assert not hasattr(added, "token")
    assert await campaigns.token_of(added.id) == TOKEN
    assert await campaigns.get(added.id) == added
    assert await campaigns.get_active(added.id) == added


async def test_names_are_unique_among_active_campaigns_and_tokens_are_connected_once(db: Database) -> None:
    campaigns = CampaignsRepo(db)
    first = await campaigns.add(name="Promo", host=HOST, token=TOKEN, created_by=1)
    with pytest.raises(CampaignNameTaken):
        await campaigns.add(name="PROMO", host=HOST, token="other.token.1", created_by=1)
    with pytest.raises(CampaignExists) as exists:
        await campaigns.add(name="Another", host=HOST + "/", token=TOKEN, created_by=2)
    assert exists.value.campaign == first
    # The same token on another host is another campaign.
    await campaigns.add(name="Another", host="https://platform.tovie.ai", token=TOKEN, created_by=2)
    # Once removed, its name and token can be connected again.
    assert await campaigns.remove(first.id, user_id=3) is not None
    again = await campaigns.add(name="promo", host=HOST, token=TOKEN, created_by=1)
    assert again.id != first.id


@pytest.mark.parametrize(
    ("name", "host", "token", "error"),
    [
        ("\u200b ", HOST, TOKEN, BadName),
        ("x" * 200, HOST, TOKEN, BadName),
        ("Promo", " / ", TOKEN, BadCampaign),
        ("Promo", HOST, "   ", BadCampaign),
        ("Promo", HOST, "t" * 513, BadCampaign),
    ],
)
async def test_refuses_empty_or_overlong_fields(
    db: Database, name: str, host: str, token: str, error: type[Exception]
) -> None:
    with pytest.raises(error):
        await CampaignsRepo(db).add(name=name, host=host, token=token, created_by=1)
    assert await stored_tokens(db) == []


async def test_list_by_name_and_removed_after_active(db: Database) -> None:
    campaigns = CampaignsRepo(db)
    b = await campaigns.add(name="beta", host=HOST, token="t-b-1234", created_by=1)
    a = await campaigns.add(name="Alpha", host=HOST, token="t-a-5678", created_by=1)
    c = await campaigns.add(name="Gamma", host=HOST, token="t-c-9012", created_by=1)
    await campaigns.remove(a.id, user_id=2)
    assert [x.id for x in await campaigns.list()] == [b.id, c.id]
    listed = await campaigns.list(include_removed=True)
    assert [x.id for x in listed] == [b.id, c.id, a.id]
    assert [x.token_tail for x in listed] == ["1234", "9012", "5678"]


async def test_remove_is_soft_wipes_the_token_and_happens_once(db: Database) -> None:
    campaigns = CampaignsRepo(db)
    added = await campaigns.add(name="Promo", host=HOST, token=TOKEN, created_by=1)
    removal = await campaigns.remove(added.id, user_id=5)
    assert removal is not None
    gone = removal.campaign
    assert (gone.name, gone.token_tail, gone.removed_by, gone.active) == ("Promo", "1df1", 5, False)
    assert gone.removed_at is not None
    assert removal.cancelled_pushes == ()
    assert await campaigns.token_of(added.id) is None
    assert await campaigns.get_active(added.id) is None
    assert await campaigns.get(added.id) == gone  # pushes keep naming it
    assert await stored_tokens(db) == [""]
    assert await campaigns.remove(added.id, user_id=5) is None
    assert await campaigns.remove(999, user_id=5) is None


async def test_remove_cancels_the_campaigns_unfinished_pushes_only(db: Database) -> None:
    campaigns, pushes = CampaignsRepo(db), PushesRepo(db)
    lst = await ListsRepo(db).create_ready(
        name="Calls",
        channel="telephony",
        columns=(ListColumn("client_id", "Phone"),),
        rows=[["442079460000"], ["442079460001"]],
        source={"kind": "file"},
        owner_id=1,
    )
    promo = await campaigns.add(name="Promo", host=HOST, token=TOKEN, created_by=1)
    other = await campaigns.add(name="Other", host=HOST, token="other-token", created_by=1)
    finished = await pushes.create(list_id=lst.id, campaign_id=promo.id, options={}, created_by=1)
    await pushes.finish(finished.id, PushStatus.FAILED, error="bad_token")
    pending = await pushes.create(list_id=lst.id, campaign_id=promo.id, options={}, created_by=1)
    running = await pushes.create(list_id=lst.id, campaign_id=promo.id, options={}, created_by=1)
    assert await pushes.start(running.id)
    elsewhere = await pushes.create(list_id=lst.id, campaign_id=other.id, options={}, created_by=1)

    removal = await campaigns.remove(promo.id, user_id=2)
    assert removal is not None
    assert removal.cancelled_pushes == (pending.id, running.id)
    for push_id in removal.cancelled_pushes:
        push = await pushes.get(push_id)
        assert push is not None
        assert (push.status, push.last_error) == (PushStatus.CANCELLED, CAMPAIGN_REMOVED)
        assert push.finished_at is not None
        assert await pushes.next_unconfirmed_batch(push_id) is None
        assert await pushes.mark_batch_sent(push_id, 0) is None
    kept = await pushes.get(finished.id)
    assert kept is not None
    assert (kept.status, kept.last_error) == (PushStatus.FAILED, "bad_token")
    assert [p.id for p in await pushes.unfinished()] == [elsewhere.id]
