"""The verdict on one client id (phone number or channel id), shared by every channel's check."""

from __future__ import annotations

from dataclasses import dataclass

from validators.result import Reason


@dataclass(frozen=True, slots=True)
class IdCheck:
    value: str | None  # the normalized id when valid, else None
    reason: Reason | None  # why it is not valid; None when valid
    message: str  # one human sentence ("" when valid)
    suggestion: str | None = None  # a corrected id the user may accept, when one is likely
    normalized: bool = False  # formatting was removed or a numeric cell was converted

    @property
    def ok(self) -> bool:
        return self.value is not None


def accepted(value: str, *, normalized: bool = False) -> IdCheck:
    return IdCheck(value, None, "", None, normalized)


def rejected(reason: Reason, message: str, suggestion: str | None = None) -> IdCheck:
    return IdCheck(None, reason, message, suggestion, False)
