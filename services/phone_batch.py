"""One addPhones batch as the JSON text of each object, with each object's phone.

Why text and not dicts: a push maps and encodes its rows in a thread (validators.call_rows'
`CallRowMapper.encode`), so the event loop only joins a body; a split of a refused batch joins halves of
the same texts, and nothing walks 1,000 dicts with json.dumps on the loop (bench.push_list).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from services.calls_types import phone_text, plausible_phone, plausible_phones

__all__ = ["PhoneBatch"]


@dataclass(frozen=True, slots=True)
class PhoneBatch:
    phones: Sequence[str]  # each object's phone as text ("" where it has none)
    objects: Sequence[str]  # each object's compact JSON text
    refused: tuple[int, ...] = ()  # positions whose phone is not 7-15 digits: never sent

    def __post_init__(self) -> None:
        if len(self.phones) != len(self.objects):
            raise ValueError("a PhoneBatch needs one phone per object")

    def __len__(self) -> int:
        return len(self.objects)

    @classmethod
    def encoded(cls, phones: Sequence[str], objects: Sequence[str]) -> PhoneBatch:
        """Objects already encoded (off the event loop); their phones are checked here."""
        if plausible_phones(phones):  # the usual batch
            return cls(phones, objects)
        return cls(phones, objects, tuple(i for i, phone in enumerate(phones) if not plausible_phone(phone)))

    @classmethod
    def of(cls, items: Sequence[Mapping[str, Any]]) -> PhoneBatch:
        """Objects given as mappings (what a caller builds by hand): encoded as json.dumps would."""
        phones: list[str] = []
        objects: list[str] = []
        refused: list[int] = []
        for index, item in enumerate(items):
            ok = isinstance(item, Mapping) and plausible_phone(item.get("phone"))
            phones.append(phone_text(item) if isinstance(item, Mapping) else "")
            objects.append(json.dumps(item, ensure_ascii=False, separators=(",", ":")) if ok else "")
            if not ok:
                refused.append(index)
        return cls(phones, objects, tuple(refused))

    def body(self, positions: Sequence[int]) -> bytes:
        """The request body with the objects at these positions, in this order."""
        objects = self.objects
        return ("[" + ",".join([objects[i] for i in positions]) + "]").encode()
