from __future__ import annotations

import pytest

from validators.priority import PriorityError, normalize_priority
from validators.result import Detail


@pytest.mark.parametrize(
    ("raw", "stored"),
    [("", ""), (" ", ""), ("0", "0"), ("5", "5"), ("5.0", "5"), ("+7", "7"), ("007", "7"), ("100", "100")],
)
def test_accepted(raw: str, stored: str) -> None:
    assert normalize_priority(raw) == stored


@pytest.mark.parametrize("raw", ["101", "-1", "2.5", "high", "1e2", "1000"])
def test_rejected(raw: str) -> None:
    with pytest.raises(PriorityError) as error:
        normalize_priority(raw)
    assert (error.value.detail, error.value.params) == (Detail.PRIORITY, {"value": raw, "max": 100})
