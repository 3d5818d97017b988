import pytest

from storage.db import Database
from storage.users import RequestOutcome, RequestStatus, Role, UsersRepo


@pytest.fixture
async def users(db: Database) -> UsersRepo:
    repo = UsersRepo(db, admin_ids=[1])
    await repo.bootstrap_admins()
    return repo


async def test_bootstrap_admin_has_every_role(users: UsersRepo) -> None:
    assert await users.roles(1) == frozenset(Role)
    assert await users.roles(2) == frozenset()
    assert await users.admins() == [1]


async def test_seen_writes_only_on_change(db: Database, users: UsersRepo) -> None:
    assert await users.seen(5, "bob", "Bob B") is True
    assert await users.seen(5, "bob", "Bob B") is False
    fresh = UsersRepo(db)  # a restarted process: nothing cached, still no write needed
    assert await fresh.seen(5, "bob", "Bob B") is False
    assert await fresh.seen(5, "bobby", "Bob B") is True
    record = await users.find("@BOBBY")
    assert record is not None
    assert (record.id, record.username, record.full_name) == (5, "bobby", "Bob B")


async def test_grant_and_revoke(users: UsersRepo) -> None:
    assert await users.grant(7, Role.OUTBOUND_MANAGER, by=1) is True
    assert await users.grant(7, Role.OUTBOUND_MANAGER, by=1) is False
    assert await users.has_role(7, Role.OUTBOUND_MANAGER)
    assert not await users.has_role(7, Role.ADMIN)
    assert [u.id for u in await users.with_roles()] == [1, 7]
    assert await users.revoke(7) == {Role.OUTBOUND_MANAGER}
    assert await users.roles(7) == frozenset()
    assert await users.revoke(1) == frozenset()  # ADMIN_IDS stay admins
    assert await users.has_role(1, Role.ADMIN)


async def test_access_request_lifecycle(users: UsersRepo) -> None:
    assert await users.request_access(9) is RequestOutcome.CREATED
    assert await users.request_access(9) is RequestOutcome.ALREADY_PENDING
    assert await users.pending_requests() == 1
    assert await users.decide_request(9, grant=True, by=1) is True
    assert await users.decide_request(9, grant=False, by=1) is False  # a second admin is too late
    request = await users.get_request(9)
    assert request is not None
    assert request.status is RequestStatus.GRANTED
    assert await users.has_role(9, Role.OUTBOUND_MANAGER)
    assert await users.request_access(9) is RequestOutcome.HAS_ACCESS
    await users.revoke(9)
    assert await users.request_access(9) is RequestOutcome.CREATED  # may ask again after a revoke


async def test_ignored_request_grants_nothing(users: UsersRepo) -> None:
    await users.request_access(3)
    assert await users.decide_request(3, grant=False, by=1) is True
    assert await users.roles(3) == frozenset()


async def test_names_are_stored_without_invisible_characters(db: Database, users: UsersRepo) -> None:
    """A name is shown to admins next to the user's id: a bidi override would reorder what follows."""
    spoof = "\u202eEvil\u200b  Admin\n"
    assert await users.seen(7, "eve\u200b", spoof) is True
    assert await users.seen(7, "eve\u200b", spoof) is False  # the same raw name needs no new write
    assert await UsersRepo(db).seen(7, "eve\u200b", spoof) is False  # nor after a restart
    record = await users.get(7)
    assert record is not None
    assert (record.username, record.full_name) == ("eve", "Evil Admin")
