"""Valid rows kept as one string per row instead of a tuple of cells.

Why: a 430k-row file has 2.6M cells. As tuples, building, hashing (duplicate check), pickling them out of
the sandbox and unpickling them in the bot costs about a second more than as one string per row; the
bot's event loop would stall for most of that while unpickling. Cells never contain control characters
(validators.rows removes them), so the unit separator can join them without escaping.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import overload

SEP = "\x1f"


def pack(cells: Iterable[str]) -> str:
    return SEP.join(cells)


def unpack(row: str) -> tuple[str, ...]:
    return tuple(row.split(SEP))


class PackedRows(Sequence[tuple[str, ...]]):
    """A read-only sequence of rows (tuples of cells); `.packed` gives the strings themselves."""

    __slots__ = ("packed",)

    def __init__(self, packed: list[str] | None = None) -> None:
        self.packed: list[str] = packed if packed is not None else []

    @classmethod
    def of(cls, rows: Iterable[Sequence[str]]) -> PackedRows:
        return cls([pack(row) for row in rows])

    def __len__(self) -> int:
        return len(self.packed)

    @overload
    def __getitem__(self, index: int) -> tuple[str, ...]: ...
    @overload
    def __getitem__(self, index: slice) -> PackedRows: ...
    def __getitem__(self, index: int | slice) -> tuple[str, ...] | PackedRows:
        if isinstance(index, slice):
            return PackedRows(self.packed[index])
        return unpack(self.packed[index])

    def __iter__(self) -> Iterator[tuple[str, ...]]:
        return map(unpack, self.packed)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, PackedRows):
            return self.packed == other.packed
        if isinstance(other, Sequence) and not isinstance(other, str):
            return len(self) == len(other) and all(
                mine == tuple(theirs) for mine, theirs in zip(self, other, strict=True)
            )
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"PackedRows({list(self)!r})"
