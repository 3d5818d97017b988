"""The user's roles are read once per update (an outer middleware), and a revoke applies at the next one."""

from __future__ import annotations

import pytest

from handlers.common import texts as common
from handlers.lists.callbacks import ListAction, ListCb
from i18n import tr
from storage.users import Role, UsersRepo
from tests.handlers.conftest import ADMIN, ADMIN_ID, MANAGER, STRANGER, Harness, Person
from tests.handlers.conftest import texts as sent


@pytest.fixture
def role_reads(harness: Harness, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    reads: list[int] = []
    real = UsersRepo.roles

    async def counted(self: UsersRepo, user_id: int) -> frozenset[Role]:
        reads.append(user_id)
        return await real(self, user_id)

    monkeypatch.setattr(UsersRepo, "roles", counted)
    return reads


@pytest.mark.parametrize(
    ("person", "text"),
    [
        (MANAGER, "/start"),
        (MANAGER, "/help"),
        (MANAGER, "/cancel"),
        (MANAGER, "hello"),  # reaches the fallback after every protected router said no
        (MANAGER, tr("menu-lists")),
        (ADMIN, "/audit"),
        (ADMIN, "/users"),
        (STRANGER, "/start"),
        (STRANGER, "/clients"),
    ],
)
async def test_roles_are_read_once_per_message(
    harness: Harness, role_reads: list[int], person: Person, text: str
) -> None:
    await harness.users.grant(MANAGER.id, Role.OUTBOUND_MANAGER, by=ADMIN_ID)
    role_reads.clear()
    assert sent(await harness.send(person, text))
    assert role_reads == [person.id]


async def test_roles_are_read_once_per_button(harness: Harness, role_reads: list[int]) -> None:
    await harness.users.grant(MANAGER.id, Role.OUTBOUND_MANAGER, by=ADMIN_ID)
    role_reads.clear()
    await harness.press(MANAGER, ListCb(action=ListAction.OPEN, list_id=404).pack())
    assert role_reads == [MANAGER.id]


async def test_a_revoke_applies_at_the_next_update(harness: Harness) -> None:
    await harness.users.grant(MANAGER.id, Role.OUTBOUND_MANAGER, by=ADMIN_ID)
    assert "client lists" in sent(await harness.send(MANAGER, "/start"))[0]
    await harness.send(ADMIN, f"/revoke {MANAGER.id}")
    (reply,) = sent(await harness.send(MANAGER, "/lists"))
    assert reply == common.no_access_short(MANAGER.id)
    calls = await harness.press(MANAGER, ListCb(action=ListAction.PAGE).pack())
    assert [getattr(c, "text", None) for c in calls] == [tr("no-access-alert")]
