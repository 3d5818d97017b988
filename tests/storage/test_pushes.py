"""PushesRepo: pushes planned whole, batches sent and confirmed in their own transactions, resumable after
a crash with the same idempotence keys, counted exactly once."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storage import push_models
from storage.audit import AuditAction, AuditRepo
from storage.campaigns import Campaign, CampaignsRepo
from storage.db import Database
from storage.lists import ClientList, ListColumn, ListGone, ListsRepo
from storage.push_models import OTHER_REASON, UNKNOWN_REASON, add_reasons, plan
from storage.pushes import (
    BatchStatus,
    CampaignGone,
    NotACallList,
    Push,
    PushesRepo,
    PushIncomplete,
    PushStatus,
    Rejection,
)

COLUMNS = (ListColumn("client_id", "Phone"), ListColumn("first_name", "First name"))
OPTIONS = {"window": "weekdays", "attempts": 2, "retry_minutes": 60}


def phone(i: int) -> str:
    return f"4420794{i:05d}"


async def make_list(db: Database, rows: int, name: str = "Calls", channel: str = "telephony") -> ClientList:
    return await ListsRepo(db).create_ready(
        name=name,
        channel=channel,
        columns=COLUMNS,
        rows=([phone(i), f"Name {i}"] for i in range(rows)),
        source={"kind": "file"},
        owner_id=1,
    )


async def make_campaign(db: Database, name: str = "Promo") -> Campaign:
    return await CampaignsRepo(db).add(name=name, host="https://h", token=f"token-{name}", created_by=1)


async def make_push(db: Database, rows: int, *, batch_size: int) -> tuple[PushesRepo, Push]:
    """A pending push of a new list of `rows` numbers to a new campaign, and the repository."""
    lst, campaign = await make_list(db, rows), await make_campaign(db)
    pushes = PushesRepo(db)
    push = await pushes.create(
        list_id=lst.id, campaign_id=campaign.id, options={}, created_by=1, batch_size=batch_size
    )
    return pushes, push


async def scalar(db: Database, sql: str, *args: object) -> int:
    async with db.reader.execute(sql, args) as cur:
        row = await cur.fetchone()
    assert row is not None
    return int(row[0])


def test_plan_covers_every_position_once() -> None:
    assert plan(0, 2500, 1000) == [(0, 999), (1000, 1999), (2000, 2500)]
    assert plan(0, 999, 1000) == [(0, 999)]
    assert plan(0, 0, 1000) == [(0, 0)]
    assert plan(0, -1, 1000) == []


async def test_create_plans_every_batch_with_its_key_and_audit_in_one_transaction(db: Database) -> None:
    lst, campaign = await make_list(db, 2501), await make_campaign(db)
    pushes = PushesRepo(db)
    before = db.transactions
    push = await pushes.create(
        list_id=lst.id,
        campaign_id=campaign.id,
        options=OPTIONS,
        created_by=7,
        batch_size=1000,
        chat_id=70,
        message_id=71,
    )
    assert db.transactions == before + 1
    assert (push.status, push.total, push.batches, push.batch_size, push.done) == (
        PushStatus.PENDING, 2501, 3, 1000, 0,
    )  # fmt: skip
    assert (push.campaign_name, push.options, push.created_by, push.chat_id, push.message_id) == (
        "Promo", OPTIONS, 7, 70, 71,
    )  # fmt: skip
    batches = await pushes.unconfirmed_batches(push.id, limit=10)
    assert [(b.batch_no, b.first_position, b.last_position, b.size) for b in batches] == [
        (0, 0, 999, 1000),
        (1, 1000, 1999, 1000),
        (2, 2000, 2500, 501),
    ]
    assert all(b.status is BatchStatus.PENDING and b.attempts == 0 for b in batches)
    keys = [b.idempotence_key for b in batches]
    assert len(set(keys)) == 3
    assert all(key.startswith(f"clb-{lst.id}-{campaign.id}-{push.id}-") for key in keys)
    # Another push of the same list to the same campaign gets other keys (a deliberate resend).
    again = await pushes.create(list_id=lst.id, campaign_id=campaign.id, options={}, created_by=7)
    assert not {b.idempotence_key for b in await pushes.unconfirmed_batches(again.id, 10)} & set(keys)
    event = (await AuditRepo(db).recent(1))[0]
    assert (event.action, event.user_id, event.list_id, event.list_name) == (
        AuditAction.SENT_TO_CAMPAIGN, 7, lst.id, "Calls",
    )  # fmt: skip
    assert event.details == {
        "campaign_id": campaign.id,
        "campaign": "Promo",
        "push_id": again.id,
        "numbers": 2501,
    }


async def test_create_refuses_what_cannot_be_pushed_and_writes_nothing(db: Database) -> None:
    calls, campaign = await make_list(db, 3), await make_campaign(db)
    texts = await make_list(db, 3, name="Texts", channel="telegram")
    removed = await make_campaign(db, "Old")
    await CampaignsRepo(db).remove(removed.id, user_id=1)
    pushes = PushesRepo(db)
    with pytest.raises(NotACallList):
        await pushes.create(list_id=texts.id, campaign_id=campaign.id, options={}, created_by=1)
    with pytest.raises(CampaignGone):
        await pushes.create(list_id=calls.id, campaign_id=removed.id, options={}, created_by=1)
    with pytest.raises(CampaignGone):
        await pushes.create(list_id=calls.id, campaign_id=999, options={}, created_by=1)
    with pytest.raises(ListGone):
        await pushes.create(list_id=999, campaign_id=campaign.id, options={}, created_by=1)
    for size in (0, 10_001):
        with pytest.raises(ValueError, match="batch size"):
            await pushes.create(
                list_id=calls.id, campaign_id=campaign.id, options={}, created_by=1, batch_size=size
            )
    assert await scalar(db, "SELECT count(*) FROM call_pushes") == 0
    assert await scalar(db, "SELECT count(*) FROM call_push_batches") == 0
    assert await scalar(db, "SELECT count(*) FROM audit_events WHERE action = 'sent_to_campaign'") == 0


async def test_a_push_from_start_to_done(db: Database) -> None:
    pushes, push = await make_push(db, 5, batch_size=3)
    assert await pushes.start(push.id)
    assert await pushes.start(push.id)  # a resumed push is started again: still running
    await pushes.set_message(push.id, 10, 11)
    first = await pushes.next_unconfirmed_batch(push.id)
    assert first is not None
    assert first.batch_no == 0
    rows = await pushes.batch_rows(push.list_id, first)
    assert list(rows.rows()) == [[phone(i), f"Name {i}"] for i in range(3)]

    sent = await pushes.mark_batch_sent(push.id, 0)
    assert sent is not None
    assert (sent.status, sent.attempts) == (BatchStatus.SENT, 1)
    assert sent.sent_at
    assert await pushes.mark_batch_confirmed(
        push.id, 0, accepted=2, rejected=1, job_ids=[101, 102],
        rejections=[Rejection(1, phone(1), "Phone is in the stop list")],
    )  # fmt: skip
    with pytest.raises(PushIncomplete):
        await pushes.finish(push.id, PushStatus.DONE)
    second = await pushes.next_unconfirmed_batch(push.id)
    assert second is not None
    assert (second.batch_no, second.first_position, second.last_position) == (1, 3, 4)
    assert list((await pushes.batch_rows(push.list_id, second)).rows()) == [
        [phone(3), "Name 3"],
        [phone(4), "Name 4"],
    ]
    assert await pushes.mark_batch_sent(push.id, 1) is not None
    assert await pushes.mark_batch_confirmed(push.id, 1, accepted=2, rejected=0, job_ids=["a-103", "a-104"])
    assert await pushes.next_unconfirmed_batch(push.id) is None

    assert await pushes.finish(push.id, PushStatus.DONE)
    assert not await pushes.finish(push.id, PushStatus.FAILED)  # finished once
    done = await pushes.get(push.id)
    assert done is not None
    assert (done.status, done.done, done.total, done.accepted, done.rejected) == (PushStatus.DONE, 5, 5, 4, 1)
    assert (done.chat_id, done.message_id, done.finished, done.rejections_omitted) == (10, 11, True, 0)
    assert done.rejected_by_reason == {"Phone is in the stop list": 1}
    assert done.started_at is not None
    assert done.finished_at is not None
    assert [ids async for ids in pushes.job_ids(push.id)] == [[101, 102], ["a-103", "a-104"]]
    assert [r async for r in pushes.rejections(push.id)] == [
        [Rejection(1, phone(1), "Phone is in the stop list")]
    ]
    confirmed = await pushes.batch(push.id, 0)
    assert confirmed is not None
    assert (confirmed.status, confirmed.accepted, confirmed.rejected, confirmed.job_ids) == (
        BatchStatus.CONFIRMED, 2, 1, (101, 102),
    )  # fmt: skip
    assert await pushes.unfinished() == []


async def test_a_crash_between_sent_and_confirmed_resumes_with_the_same_key(tmp_path: Path) -> None:
    path = tmp_path / "bot.db"
    db = await Database.open(path)
    lst, campaign = await make_list(db, 4), await make_campaign(db)
    pushes = PushesRepo(db)
    push = await pushes.create(
        list_id=lst.id, campaign_id=campaign.id, options=OPTIONS, created_by=1, batch_size=2
    )
    await pushes.start(push.id)
    assert await pushes.mark_batch_sent(push.id, 0) is not None
    assert await pushes.mark_batch_confirmed(push.id, 0, accepted=2, rejected=0, job_ids=[1, 2])
    sent = await pushes.mark_batch_sent(push.id, 1)
    assert sent is not None
    await db.close()  # the process dies: the request may or may not have reached the API

    db = await Database.open(path)
    try:
        pushes = PushesRepo(db)
        resumed = await pushes.unfinished()
        assert [(p.id, p.status, p.done, p.accepted) for p in resumed] == [
            (push.id, PushStatus.RUNNING, 2, 2)
        ]
        batch = await pushes.next_unconfirmed_batch(push.id)
        assert batch is not None
        assert (batch.batch_no, batch.status, batch.idempotence_key) == (
            1,
            BatchStatus.SENT,
            sent.idempotence_key,
        )
        again = await pushes.mark_batch_sent(push.id, 1)
        assert again is not None
        assert (again.attempts, again.idempotence_key) == (2, sent.idempotence_key)
        # The API answers the repeated key with the same jobs; a second confirmation changes nothing.
        assert await pushes.mark_batch_confirmed(push.id, 1, accepted=2, rejected=0, job_ids=[3, 4])
        assert not await pushes.mark_batch_confirmed(push.id, 1, accepted=2, rejected=0, job_ids=[3, 4])
        assert await pushes.mark_batch_sent(push.id, 1) is None  # confirmed: nothing to send
        final = await pushes.get(push.id)
        assert final is not None
        assert (final.done, final.accepted, final.rejected) == (4, 4, 0)
        assert [ids async for ids in pushes.job_ids(push.id)] == [[1, 2], [3, 4]]
    finally:
        await db.close()


@pytest.mark.sqlite_only("SQLite's trigger syntax makes the update fail")
async def test_a_confirmation_cut_in_the_middle_leaves_nothing_half_counted(db: Database) -> None:
    lst, campaign = await make_list(db, 3), await make_campaign(db)
    pushes = PushesRepo(db)
    push = await pushes.create(list_id=lst.id, campaign_id=campaign.id, options={}, created_by=1)
    await pushes.start(push.id)
    await pushes.mark_batch_sent(push.id, 0)
    # The batch and the rejections are written, then updating the push's counters fails.
    async with db.transaction() as conn:
        await conn.execute(
            "CREATE TRIGGER boom BEFORE UPDATE OF accepted ON call_pushes"
            " BEGIN SELECT RAISE(ABORT, 'boom'); END"
        )
    rejection = [Rejection(2, phone(2), "bad")]
    with pytest.raises(Exception, match="boom"):
        await pushes.mark_batch_confirmed(
            push.id, 0, accepted=2, rejected=1, job_ids=[1, 2], rejections=rejection
        )
    with pytest.raises(Exception, match="boom"):  # no rejections: one statement, as atomic
        await pushes.mark_batch_confirmed(push.id, 0, accepted=3, rejected=0, job_ids=[1, 2, 3])
    batch = await pushes.batch(push.id, 0)
    assert batch is not None
    assert (batch.status, batch.accepted, batch.job_ids) == (BatchStatus.SENT, None, ())
    assert await scalar(db, "SELECT count(*) FROM call_push_rejections") == 0
    async with db.transaction() as conn:
        await conn.execute("DROP TRIGGER boom")
    assert await pushes.mark_batch_confirmed(
        push.id, 0, accepted=2, rejected=1, job_ids=[1, 2], rejections=rejection
    )
    assert not await pushes.mark_batch_confirmed(
        push.id, 0, accepted=2, rejected=1, job_ids=[1, 2], rejections=rejection
    )
    counted = await pushes.get(push.id)
    assert counted is not None
    assert (counted.done, counted.accepted, counted.rejected, counted.rejections_stored) == (3, 2, 1, 1)
    assert counted.rejected_by_reason == {"bad": 1}


async def test_confirmation_arguments_are_checked(db: Database) -> None:
    pushes, push = await make_push(db, 4, batch_size=2)
    with pytest.raises(ValueError, match="outside batch 0"):
        await pushes.mark_batch_confirmed(
            push.id, 0, accepted=1, rejected=1, job_ids=[1], rejections=[Rejection(2, phone(2), "x")]
        )
    with pytest.raises(ValueError, match="rejected"):
        await pushes.mark_batch_confirmed(
            push.id, 0, accepted=1, rejected=0, job_ids=[1], rejections=[Rejection(1, phone(1), "x")]
        )
    assert not await pushes.mark_batch_confirmed(push.id, 9, accepted=1, rejected=0, job_ids=[1])
    assert await scalar(db, "SELECT done FROM call_pushes WHERE id = ?", push.id) == 0


async def test_rejections_are_capped_and_counted_exactly(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("storage.pushes.MAX_STORED_REJECTIONS", 3)
    pushes, push = await make_push(db, 6, batch_size=3)
    await pushes.mark_batch_confirmed(
        push.id, 0, accepted=0, rejected=3, job_ids=[],
        rejections=[Rejection(i, phone(i), "stop list" if i else "x" * 500) for i in range(2)],
    )  # fmt: skip
    await pushes.mark_batch_confirmed(
        push.id, 1, accepted=0, rejected=3, job_ids=[],
        rejections=[Rejection(i, phone(i), "stop list") for i in range(3, 6)],
    )  # fmt: skip
    counted = await pushes.get(push.id)
    assert counted is not None
    assert (counted.rejected, counted.rejections_stored, counted.rejections_omitted) == (6, 3, 3)
    assert counted.rejected_by_reason == {"x" * 300: 1, "stop list": 4, UNKNOWN_REASON: 1}
    stored = [r async for page in pushes.rejections(push.id, size=2) for r in page]
    assert [r.position for r in stored] == [0, 1, 3]
    assert stored[0].reason == "x" * 300
    assert [ids async for ids in pushes.job_ids(push.id)] == []


def test_reason_kinds_are_capped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(push_models, "MAX_REASON_KINDS", 2)
    counts = add_reasons({"a": 1}, ["a", "b", "c", "d", "b"], 2)
    assert counts == {"a": 2, "b": 2, OTHER_REASON: 2, UNKNOWN_REASON: 2}


async def test_several_batches_in_flight_and_a_failed_push(db: Database) -> None:
    pushes, push = await make_push(db, 5, batch_size=1)
    await pushes.start(push.id)
    await pushes.mark_batch_sent(push.id, 0)
    await pushes.mark_batch_sent(push.id, 1)
    await pushes.mark_batch_confirmed(push.id, 1, accepted=1, rejected=0, job_ids=[9])
    assert [b.batch_no for b in await pushes.unconfirmed_batches(push.id, limit=3)] == [0, 2, 3]
    await pushes.note_error(push.id, "HTTP 503, retrying in 4 s")
    noted = await pushes.get(push.id)
    assert noted is not None
    assert noted.last_error == "HTTP 503, retrying in 4 s"
    await pushes.note_error(push.id, None)
    await pushes.mark_batch_failed(push.id, 0, "HTTP 401: bad token")
    failed_batch = await pushes.batch(push.id, 0)
    assert failed_batch is not None
    assert failed_batch.status is BatchStatus.FAILED
    assert await pushes.mark_batch_sent(push.id, 0) is None
    assert await pushes.finish(push.id, PushStatus.FAILED)
    failed = await pushes.get(push.id)
    assert failed is not None
    assert (failed.status, failed.last_error) == (
        PushStatus.FAILED,
        "HTTP 401: bad token",
    )
    assert await pushes.unconfirmed_batches(push.id, limit=5) == []
    with pytest.raises(ValueError, match="final"):
        await pushes.finish(push.id, PushStatus.RUNNING)
    assert not await pushes.start(push.id)


async def test_a_batch_answered_after_its_push_was_cancelled_is_still_counted(db: Database) -> None:
    pushes, push = await make_push(db, 2, batch_size=1)
    await pushes.start(push.id)
    await pushes.mark_batch_sent(push.id, 0)
    assert await pushes.finish(push.id, PushStatus.CANCELLED, error="stopped_by_manager")
    assert await pushes.mark_batch_sent(push.id, 1) is None
    assert await pushes.mark_batch_confirmed(push.id, 0, accepted=1, rejected=0, job_ids=[5])
    cancelled = await pushes.get(push.id)
    assert cancelled is not None
    assert (cancelled.status, cancelled.done, cancelled.accepted) == (PushStatus.CANCELLED, 1, 1)


async def test_pushes_of_a_list_and_whether_it_was_already_sent(db: Database) -> None:
    lst, other_list = await make_list(db, 2), await make_list(db, 2, name="Other list")
    promo, spring = await make_campaign(db), await make_campaign(db, "Spring")
    pushes = PushesRepo(db)
    assert await pushes.last_sent(lst.id, promo.id) is None
    untouched = await pushes.create(list_id=lst.id, campaign_id=promo.id, options={}, created_by=1)
    assert (await pushes.last_sent(lst.id, promo.id)) == await pushes.get(untouched.id)  # still to be sent
    await pushes.finish(untouched.id, PushStatus.CANCELLED)
    assert await pushes.last_sent(lst.id, promo.id) is None  # cancelled before sending anything
    sent = await pushes.create(list_id=lst.id, campaign_id=promo.id, options={}, created_by=1)
    await pushes.mark_batch_confirmed(sent.id, 0, accepted=2, rejected=0, job_ids=[1, 2])
    await pushes.finish(sent.id, PushStatus.DONE)
    later = await pushes.create(list_id=lst.id, campaign_id=spring.id, options={}, created_by=1)
    await pushes.create(list_id=other_list.id, campaign_id=promo.id, options={}, created_by=1)
    last = await pushes.last_sent(lst.id, promo.id)
    assert last is not None
    assert (last.id, last.done, last.created_at) == (sent.id, 2, sent.created_at)
    card = await pushes.of_list(lst.id)
    assert [(p.id, p.campaign_name) for p in card] == [
        (later.id, "Spring"),
        (sent.id, "Promo"),
        (untouched.id, "Promo"),
    ]
    assert [p.id for p in await pushes.of_list(lst.id, limit=1)] == [later.id]


async def test_deleting_the_list_deletes_its_pushes_and_rejected_numbers(db: Database) -> None:
    lst, campaign = await make_list(db, 2), await make_campaign(db)
    pushes = PushesRepo(db)
    push = await pushes.create(list_id=lst.id, campaign_id=campaign.id, options={}, created_by=1)
    await pushes.mark_batch_confirmed(
        push.id, 0, accepted=1, rejected=1, job_ids=[1], rejections=[Rejection(1, phone(1), "stop list")]
    )
    assert await ListsRepo(db).delete(lst.id, user_id=1) is not None
    for table in ("call_pushes", "call_push_batches", "call_push_rejections"):
        assert await scalar(db, f"SELECT count(*) FROM {table}") == 0, table
    assert await pushes.get(push.id) is None
    assert await CampaignsRepo(db).get_active(campaign.id) is not None


async def test_options_and_job_ids_round_trip_as_json(db: Database) -> None:
    lst, campaign = await make_list(db, 1), await make_campaign(db)
    options = {"policy": {"allowedTime": {"default": [{"localTimeFrom": "10:00", "localTimeTo": "18:00"}]}}}
    pushes = PushesRepo(db)
    push = await pushes.create(list_id=lst.id, campaign_id=campaign.id, options=options, created_by=1)
    assert push.options == options
    async with db.reader.execute("SELECT options FROM call_pushes WHERE id = ?", (push.id,)) as cur:
        row = await cur.fetchone()
    assert row is not None
    assert json.loads(row[0]) == options


async def test_an_answer_without_rejections_is_confirmed_in_one_statement(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each trip to the writer waits for the CPU while a push runs (bench.push_list): a batch the API
    took whole is one write, and its push is counted in it (the trigger of migration 0011)."""
    pushes, push = await make_push(db, 3, batch_size=2)
    await pushes.start(push.id)
    await pushes.mark_batch_sent(push.id, 0)
    writes: list[str] = []
    real_write, real_transaction = db.write, db.transaction
    inside_write = False

    async def write(sql: str, parameters: object = ()) -> list[object]:
        nonlocal inside_write
        writes.append(sql)
        inside_write = True
        try:
            return await real_write(sql, parameters)  # type: ignore[arg-type]
        finally:
            inside_write = False

    def transaction() -> object:
        assert inside_write, "the repository opened a transaction"  # PostgreSQL's write() is one
        return real_transaction()

    monkeypatch.setattr(db, "write", write)
    monkeypatch.setattr(db, "transaction", transaction)
    assert await pushes.mark_batch_confirmed(push.id, 0, accepted=2, rejected=0, job_ids=[7, 8])
    assert not await pushes.mark_batch_confirmed(push.id, 0, accepted=2, rejected=0, job_ids=[7, 8])
    assert len(writes) == 2
    counted = await pushes.get(push.id)
    assert counted is not None
    assert (counted.done, counted.accepted, counted.rejected) == (2, 2, 0)


async def test_a_batch_confirmed_by_any_statement_counts_in_its_push_once(db: Database) -> None:
    """The counters follow the batches in the database itself, whoever writes them."""
    pushes, push = await make_push(db, 5, batch_size=2)
    confirm = (
        "UPDATE call_push_batches SET status = 'confirmed', accepted = ? WHERE push_id = ? AND batch_no = ?"
    )
    async with db.transaction() as conn:
        await conn.execute(confirm, (1, push.id, 2))  # the last batch: 1 number
        await conn.execute(confirm, (1, push.id, 2))  # already confirmed: not counted again
        await conn.execute(
            "UPDATE call_push_batches SET status = 'sent' WHERE push_id = ? AND batch_no = ?", (push.id, 0)
        )
    counted = await pushes.get(push.id)
    assert counted is not None
    assert (counted.done, counted.accepted) == (1, 1)
