"""Codes of the core → words in the reader's language.

Validators and sheets say what is wrong as a code and its figures (a RowProblem's detail and params, a
SheetError's problem and params); storage keeps them so. This module is the one place that turns them
into text: the summary, the error report, a refusal, a console line. Country names come from CLDR.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from datetime import datetime

from i18n import catalog
from i18n.formats import country, moment
from sheets.errors import SheetError
from validators.headers import ID_LABEL, NUMBER_LABEL
from validators.result import Detail, Params, ProblemLike

__all__ = [
    "column_title",
    "detail_text",
    "file_moment",
    "key_of",
    "problem_text",
    "reason_label",
    "sheet_error_text",
]

_NON_GEOGRAPHIC = "001"  # phonenumbers' region of +800, +882, …


def key_of(prefix: str, code: str) -> str:
    """The Fluent key of a code: `reason-too-short` for (`reason`, `too_short`)."""
    return f"{prefix}-{code.replace('_', '-')}"


def reason_label(locale: str, reason: str) -> str:
    """The group a summary counts a failed row in ("Too short"); an unknown code shows as itself."""
    key = key_of("reason", reason)
    return catalog().text(locale, key) if catalog().has(locale, key) else reason


def problem_text(locale: str, problem: ProblemLike) -> str:
    """What is wrong with a failed row, in one sentence."""
    return detail_text(locale, problem.detail, problem.params, problem.reason)


def detail_text(locale: str, detail: str, params: Params, reason: str = "") -> str:
    # Rows of one file repeat the same few problems: render each once (a report lists up to 100,000).
    return _detail_text(locale, detail, tuple(sorted(params.items())), reason)


@functools.lru_cache(maxsize=4096)
def _detail_text(locale: str, detail: str, items: tuple[tuple[str, str | int], ...], reason: str) -> str:
    key = key_of("problem", detail)
    if detail == Detail.UNKNOWN or not catalog().has(locale, key):
        return (
            reason_label(locale, reason) if reason else catalog().text(locale, key_of("problem", "unknown"))
        )
    return catalog().text(locale, key, **_words(locale, dict(items)))


def _words(locale: str, params: Mapping[str, str | int]) -> dict[str, str | int]:
    """Params as the texts use them: a channel becomes what its id is called, a region its name."""
    words = dict(params)
    if "channel" in params:
        words["id"] = catalog().text(locale, key_of("id-noun", str(params["channel"])))
    if "region" in params:
        region = str(params["region"])
        words["region"] = "world" if region == _NON_GEOGRAPHIC else region
        words["country"] = country(locale, region)
    return words


def sheet_error_text(locale: str, error: SheetError) -> str:
    """Why a file was refused and what to do next."""
    params = dict(error.params)
    if "kind" in params:
        params["kind"] = catalog().text(locale, key_of("sheet-kind", str(params["kind"])))
    return catalog().text(locale, key_of("sheet-error", error.problem), **params)


def file_moment(locale: str, value: datetime) -> str:
    """A time in a file: ISO 8601 for English readers (as files always had), the reader's format else."""
    return value.isoformat(timespec="seconds") if locale == "en" else moment(locale, value)


def column_title(locale: str, channel: str, title: str, label: str, position: int) -> str:
    """A column's title as a reader of `locale` sees it: the file's own title as it was, a column the
    bot named (`label`) in their language. `position` is 0-based."""
    if not label:
        return title
    if label == ID_LABEL:
        key = key_of("file-column-id", channel)
    elif label == NUMBER_LABEL:
        return catalog().text(locale, "file-column-number", number=position + 1)
    else:
        key = key_of("file-column", label)
    return catalog().text(locale, key) if catalog().has(locale, key) else title
