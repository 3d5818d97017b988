"""services.phone_batch.PhoneBatch: a batch encoded off the event loop is sent as the same bytes, split
and refused the same way, as the mappings it stands for."""

from __future__ import annotations

import asyncio
import json
import random
import threading
from datetime import UTC, datetime
from typing import Any

import pytest

from services.calls_api import CallsApi, batch_key
from services.calls_types import plausible_phone, plausible_phones
from services.phone_batch import PhoneBatch
from services.push_types import map_batch
from tests.calls.conftest import item, phones
from tests.fakecalls import FakeCallsApi
from validators.call_rows import WEEKDAYS_10_18, CallRowMapper, call_policy
from validators.result import Column

KEY = batch_key(7, 3, 1, 0)
_DIGITS = "0123456789"
COLUMNS = [Column("client_id", "Phone"), Column("first_name", "Name"), Column("gmt_zone", "GMT_ZONE")]


def test_mappings_are_encoded_as_one_json_dumps_of_the_list_would_write_them() -> None:
    batch: list[Any] = [item(p, payload={"Name": 'Ann "A"'}, gmtZone="+00:00") for p in phones(3)]
    batch += [item(79161234567), item("+79161234567"), "not an object", item("123")]
    encoded = PhoneBatch.of(batch)
    assert encoded.refused == (4, 5, 6)
    assert encoded.phones == [*phones(3), "79161234567", "+79161234567", "", "123"]
    sendable = [0, 1, 2, 3]
    expected = json.dumps([batch[i] for i in sendable], ensure_ascii=False, separators=(",", ":")).encode()
    assert encoded.body(sendable) == expected
    assert encoded.body([1, 3]) == json.dumps([batch[1], batch[3]], separators=(",", ":")).encode()


def test_encoded_objects_have_their_phones_checked() -> None:
    batch = PhoneBatch.encoded(["442079460001", "12", "+442079460001"], ["{}", "{}", "{}"])
    assert batch.refused == (1, 2)
    with pytest.raises(ValueError, match="one phone per object"):
        PhoneBatch(["442079460001"], [])


def test_a_batch_of_phones_is_checked_as_each_phone() -> None:
    """The one-pass check of a whole batch (plausible_phones) against plausible_phone, one by one."""
    rnd = random.Random(5)
    batches = [[], [""], ["1234567"], ["123456"], ["1" * 15], ["1" * 16], ["12345678", "１２３４５６７８"]]
    batches += [["12345678", "+1234567"], ["12345678", ""], ["1234567²"], ["12345678", "1234 5678"]]
    for _ in range(3_000):
        alphabets = [_DIGITS if rnd.random() < 0.8 else _DIGITS + "+a ²" for _ in range(rnd.randint(0, 4))]
        batches.append(["".join(rnd.choices(chars, k=rnd.randint(0, 17))) for chars in alphabets])
    for phones_ in batches:
        assert plausible_phones(phones_) == all(plausible_phone(p) for p in phones_), phones_
        refused = tuple(i for i, p in enumerate(phones_) if not plausible_phone(p))
        assert PhoneBatch.encoded(phones_, ["{}"] * len(phones_)).refused == refused


def test_a_mapped_batch_is_the_rows_objects() -> None:
    mapper = CallRowMapper(
        COLUMNS, at=datetime(2025, 1, 15, tzinfo=UTC), policy=call_policy(WEEKDAYS_10_18, 2, 30)
    )
    rows = [["442079460001", "Ann", ""], ["79161234567", "Bob", "+03:00"], ["12", "Cy", ""]]
    mapped = map_batch(mapper, rows)
    assert [json.loads(text) for text in mapped.items.objects] == [mapper(cells).item for cells in rows]
    assert mapped.items.refused == (2,)
    assert (mapped.zones.given, mapped.zones.inferred, mapped.zones.none) == (1, 1, 1)


async def test_a_runs_batches_are_mapped_one_after_another_in_its_own_thread(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A push run maps in its own thread, not the default executor (which a push with many requests in
    flight could fill, holding up other users' work), one batch at a time and in order; the thread
    ends with the run."""
    from services import push_types

    seen: list[tuple[str, int]] = []
    real = push_types.map_batch

    def recording(mapper: CallRowMapper, rows: Any) -> push_types.MappedBatch:
        rows = list(rows)
        seen.append((threading.current_thread().name, len(rows)))
        return real(mapper, rows)

    monkeypatch.setattr(push_types, "map_batch", recording)
    mapper = CallRowMapper(COLUMNS, at=datetime(2025, 1, 15, 12, tzinfo=UTC))
    batches = [[[p, "Ann", ""] for p in phones(size)] for size in (3, 1, 2, 5)]
    mapping = push_types.MappingThread()
    try:
        results = await asyncio.gather(*(mapping.map(mapper, rows) for rows in batches))
    finally:
        mapping.close(wait=True)
    assert [r.items.objects for r in results] == [real(mapper, rows).items.objects for rows in batches]
    assert [size for _, size in seen] == [3, 1, 2, 5]
    assert {name for name, _ in seen} == {"push-mapping_0"}
    assert not any(t.name.startswith("push-mapping") for t in threading.enumerate())


async def test_an_encoded_batch_is_added_split_and_refused_as_its_mappings(
    calls: FakeCallsApi, api: CallsApi
) -> None:
    numbers = phones(6)
    batch = [item(p, gmtZone="+03:00") for p in numbers] + [item("12")]
    batch[4]["gmtZone"] = "Mars/Olympus"
    encoded = PhoneBatch.of(batch)
    result = await api.add_phones(encoded, KEY)
    assert [a.index for a in result.accepted] == [0, 1, 2, 3, 5]
    assert [a.phone for a in result.accepted] == [numbers[i] for i in (0, 1, 2, 3, 5)]
    assert result.accepted_count == 5
    assert sorted(result.job_ids) == sorted(calls.campaign.jobs)
    assert [(r.index, r.by_api) for r in result.rejected] == [(4, True), (6, False)]
    by_mappings = await api.add_phones(batch, KEY)  # the same keys: answered from the first time
    assert (by_mappings.accepted, by_mappings.rejected) == (result.accepted, result.rejected)
    assert calls.added() == {p: 1 for i, p in enumerate(numbers) if i != 4}
