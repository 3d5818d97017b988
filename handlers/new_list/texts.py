"""Render functions of flow A (a list from a file): format help, progress, summary, consent, name.

Words: i18n/locales/<locale>/new_list.ftl; reasons from reasons.ftl (services.wording), the same
words as the error report's."""

from __future__ import annotations

from typing import Any

from handlers.common.texts import channel_label, cut, esc, number
from i18n import current_locale, tr
from services.wording import reason_label as _reason_label
from storage.lists import MAX_NAME_LENGTH
from validators.channels import CHANNELS

_EXAMPLE_CHARS = 160
_TITLE_CHARS = 40  # a failing column's title in the summary's examples
_FILE_CHARS = 120  # a file name in flow A's messages (Telegram: 4096 per text, 1024 per caption)


def nl_format_help(channel_id: str, max_mb: int) -> str:
    channel = CHANNELS[channel_id]
    example = esc(channel.examples[0])
    if channel.is_call:
        first = tr("nl-format-call", example=example)
    else:
        first = tr(
            "nl-format-text",
            id_title=esc(tr("channel-id-title", channel=channel_id)),
            description=esc(tr("channel-description", channel=channel_id)),
            example=example,
        )
    kind = "call" if channel.is_call else "text"
    return tr("nl-format-help", channel=channel_label(channel_id), kind=kind, first=first, max_mb=max_mb)


def nl_too_big(size_bytes: int, max_mb: int) -> str:
    return tr("nl-too-big", size_mb=round(size_bytes / 2**20, 1), max_mb=max_mb)


def nl_refused(message: str) -> str:
    return tr("nl-refused", message=esc(message))


def _file(file_name: str) -> str:
    return esc(cut(file_name, _FILE_CHARS))


def nl_received(file_name: str) -> str:
    return tr("nl-received", file=_file(file_name))


def nl_queued(file_name: str) -> str:
    return tr("nl-queued", file=_file(file_name))


def nl_check_interrupted(file_name: str) -> str:
    return tr("nl-check-interrupted", file=_file(file_name))


def nl_check_failed(file_name: str) -> str:
    return tr("nl-check-failed", file=_file(file_name))


def nl_progress(file_name: str, rows_done: int, fraction: float | None) -> str:
    if fraction is None:
        return tr("nl-progress", file=_file(file_name), rows=rows_done)
    return tr("nl-progress-percent", file=_file(file_name), rows=rows_done, percent=f"{fraction * 100:.0f}")


def reason_label(code: str) -> str:
    return _reason_label(current_locale(), code)


def _sheet_line(summary: dict[str, Any]) -> str:
    sheet = esc(summary["sheet"])
    other = summary.get("other_sheets") or []
    if not other:
        return tr("nl-summary-sheet", sheet=sheet)
    more = int(summary.get("other_sheets_unchecked") or 0) + max(0, len(other) - 5)
    names = esc(", ".join(other[:5]))
    ignored = (
        tr("nl-summary-other-sheets-more", sheets=names, more=more)
        if more
        else tr("nl-summary-other-sheets", sheets=names)
    )
    return tr("nl-summary-sheet", sheet=sheet) + " " + ignored


def nl_summary(
    summary: dict[str, Any], channel_id: str, examples: list[tuple[int, str, str, str | None]]
) -> str:
    """The check of an uploaded file; `examples` are (row, column, message, suggestion) of failed rows."""
    lines = [tr("nl-summary-title", file=_file(str(summary.get("file_name", ""))))]
    if summary.get("same_file"):
        lines[0] += " " + tr("nl-summary-same-file")
    if summary.get("sheet"):
        lines.append(_sheet_line(summary))
    lines += [
        tr("nl-summary-channel", channel=channel_label(channel_id)),
        "",
        tr("nl-summary-rows", count=int(summary["rows_read"])),
        tr("nl-summary-valid", count=int(summary["valid"])),
        tr("nl-summary-invalid", count=int(summary["invalid"])),
    ]
    for reason, count in summary.get("by_reason", {}).items():
        lines.append(f"    • {esc(reason_label(reason))}: {number(int(count))}")
    lines.append(tr("nl-summary-duplicates", count=int(summary["duplicates"])))
    lines.append(tr("nl-summary-normalized", count=int(summary["normalized"])))
    if summary.get("fixes_applied"):
        lines.append(tr("nl-summary-fixes-applied", count=int(summary["suggestions_applied"])))
    elif summary.get("suggestions"):
        lines.append(tr("nl-summary-fixes-available", count=int(summary["suggestions"])))
    if examples:
        lines += ["", tr("nl-summary-examples")]
        for row, column, message, suggestion in examples:
            where = tr("nl-summary-row", row=str(row)) + (
                f", {esc(cut(column, _TITLE_CHARS))}" if column else ""
            )
            tip = f" → <code>{esc(cut(suggestion, _TITLE_CHARS))}</code>" if suggestion else ""
            lines.append(f"• {where}: {esc(cut(message, _EXAMPLE_CHARS))}{tip}")
    if not summary["rows_read"]:
        lines += ["", tr("nl-summary-no-rows")]
    elif not summary["valid"]:
        lines += ["", tr("nl-summary-none-valid")]
    elif summary["invalid"] or summary["duplicates"]:
        lines += ["", tr("nl-summary-send-corrected")]
    if unlisted := not_listed(summary):
        listed = int(summary["invalid"]) + int(summary["duplicates"]) - unlisted
        lines.append(tr("nl-summary-unlisted", listed=listed, unlisted=unlisted))
    return "\n".join(lines)


def btn_apply_fixes(count: int) -> str:
    return tr("btn-apply-fixes", count=count)


def nl_report_caption(file_name: str) -> str:
    return tr("nl-report-caption", file=_file(file_name))


def nl_consent(channel_id: str, valid: int) -> str:
    channel = CHANNELS.get(channel_id)
    kind = "call" if channel is None or channel.is_call else "text"
    return tr("nl-consent", count=valid, kind=kind)


def nl_ask_name(default: str) -> str:
    return tr("nl-ask-name", max=MAX_NAME_LENGTH, name=esc(default))


def btn_default_name(name: str) -> str:
    return f"📝 {cut(name, 40)}"


def nl_created(name: str, count: int, channel_id: str) -> str:
    return tr("nl-created", name=esc(name), count=count, channel=channel_label(channel_id))


def not_listed(summary: dict[str, Any]) -> int:
    """Failed rows the report cannot list: past the sandbox's list or the stored examples."""
    failed = int(summary.get("invalid", 0)) + int(summary.get("duplicates", 0))
    if "problems_stored" in summary:
        return max(0, failed - int(summary["problems_stored"]))
    return int(summary.get("unlisted", 0))
