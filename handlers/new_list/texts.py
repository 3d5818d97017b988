"""Texts of flow A (a list from a file): channel, format help, progress, summary, consent, name."""

from __future__ import annotations

from typing import Any

from handlers.common.texts import channel_label, clients_count, cut, esc, list_created
from storage.lists import MAX_NAME_LENGTH
from validators.channels import CHANNELS

NL_CHOOSE_CHANNEL = "➕ <b>New list from a file</b>\n\nWhich campaigns is the list for? Choose the channel:"
NL_CHOOSE_CHANNEL_HINT = "Choose the channel with the buttons above, or /cancel."
NL_SEND_DOCUMENT = (
    "Send the list as a <b>document</b> (📎 → File): an XLSX, XLS or CSV file. Photos, stickers and "
    "text messages can't be read. /cancel to stop."
)
NL_REVIEW_HINT = (
    "Use the buttons under the summary above, or send a corrected file to check it instead. /cancel to stop."
)
NL_CONSENT_HINT = "Tap <b>I confirm</b> or <b>Cancel</b> above, or /cancel."
NL_NAME_HINT = "Type the list's name as a text message, or tap the suggested name. /cancel to stop."
NL_DOWNLOAD_FAILED = "I couldn't download this file from Telegram. Please send it again."
NL_CANCELLED = "Import cancelled. Nothing was saved."
NL_CHECK_STOPPED = "⏹ The check of this file was stopped. Nothing was saved."
NL_CANCELLED_ANSWER = "Cancelled"
NL_STAGE_GONE = (
    "This import is no longer pending (it was cancelled, replaced by another file or expired). "
    "Send /new to start again."
)
NL_STAGE_GONE_SEND_AGAIN = (
    "This file's check did not finish (the bot restarted), so nothing is pending. Send the file again."
)
NL_STAGE_GONE_ALERT = "This import is no longer pending. Send /new to start again."
NL_BUSY_ALERT = "Still checking a file — one moment."
NL_REPORT_ANSWER = "Preparing the report…"
NL_DEFAULT_NAME = "List"
BTN_SAMPLE_XLSX = "📄 Sample XLSX"
BTN_SAMPLE_CSV = "📄 Sample CSV"
BTN_VIEW_FAILED = "🔎 View failed rows"
BTN_ADD_VALID = "✅ Add only valid rows"
BTN_CONTINUE = "✅ Continue"
BTN_CANCEL_IMPORT = "✖️ Cancel import"
BTN_I_CONFIRM = "✅ I confirm"
BTN_CANCEL = "Cancel"
NL_REASONS = {
    "empty": "Empty first cell",
    "not_a_number": "Not a number",
    "scientific_notation": "Scientific notation (1.2E+10)",
    "too_short": "Too short",
    "too_long": "Too long",
    "unknown_country_code": "Unknown country code",
    "invalid_for_country": "Not in the country's numbering plan",
    "invalid_id": "Not a valid ID",
    "bad_timezone": "Bad timezone",
    "bad_priority": "Bad priority",
    "control_characters": "Control characters",
    "duplicate": "Duplicate",
}
_EXAMPLE_CHARS = 160
_TITLE_CHARS = 40  # a failing column's title in the summary's examples
_FILE_CHARS = 120  # a file name in flow A's messages (Telegram: 4096 per text, 1024 per caption)


def nl_format_help(channel_id: str, max_mb: int) -> str:
    channel = CHANNELS[channel_id]
    if channel.is_call:
        first = (
            "<b>First column</b>: the phone number with country code, digits only, no +, "
            f"e.g. <code>{esc(channel.examples[0])}</code>.\n"
            "<b>Optional columns</b>: First name, Last name, City, timezone (GMT_ZONE, ±hh:mm), priority "
            "(a whole number), and any other columns — they are kept with each client."
        )
    else:
        first = (
            f"<b>First column</b>: {esc(channel.id_title)} — {esc(channel.description)} "
            f"E.g. <code>{esc(channel.examples[0])}</code>.\n"
            "<b>Other columns</b> (first name, last name, …) are kept with each client."
        )
    return (
        f"{channel_label(channel_id)} — {'call' if channel.is_call else 'text'} campaigns.\n\n"
        f"{first}\n"
        "A header row is optional; only the first sheet with data is read.\n\n"
        f"<b>File</b>: XLSX, XLS or CSV, up to {max_mb} MB, sent as a document.\n"
        "Download a sample below, fill it in and send it back."
    )


def nl_too_big(size_bytes: int, max_mb: int) -> str:
    return (
        f"⚠️ This file is {size_bytes / 2**20:.1f} MB; the limit is {max_mb} MB. Split it into smaller "
        "files or delete unused rows, columns and sheets, then send it again (or /cancel)."
    )


def nl_refused(message: str) -> str:
    return f"⚠️ {esc(message)}\n\nSend another file when it's ready, or /cancel."


def nl_received(file_name: str) -> str:
    return f"⏳ Received <i>{esc(cut(file_name, _FILE_CHARS))}</i>. Checking…"


def nl_queued(file_name: str) -> str:
    return (
        f"⏳ Received <i>{esc(cut(file_name, _FILE_CHARS))}</i>. Other files are being checked right now; "
        "yours is next in line."
    )


def nl_check_interrupted(file_name: str) -> str:
    return (
        f"⚠️ The bot restarted while checking <i>{esc(cut(file_name, _FILE_CHARS))}</i>, so the check "
        "did not finish and nothing was saved. Please send the file again."
    )


def nl_check_failed(file_name: str) -> str:
    return (
        f"⚠️ Sorry, something went wrong on my side while checking <i>{esc(cut(file_name, _FILE_CHARS))}</i>. "
        "Nothing was saved. Please send the file again."
    )


def nl_progress(file_name: str, rows_done: int, fraction: float | None) -> str:
    percent = f"{fraction * 100:.0f}% " if fraction is not None else ""
    return f"⏳ Validating <i>{esc(cut(file_name, _FILE_CHARS))}</i>… {percent}({rows_done:,} rows)"


def nl_summary(
    summary: dict[str, Any], channel_id: str, examples: list[tuple[int, str, str, str | None]]
) -> str:
    """The check of an uploaded file; `examples` are (row, column, message, suggestion) of failed rows."""
    lines = [f"📊 <b>Check of</b> <i>{esc(cut(str(summary.get('file_name', '')), _FILE_CHARS))}</i>"]
    if summary.get("same_file"):
        lines[0] += " (you sent this file already)"
    sheet = summary.get("sheet")
    if sheet:
        other = summary.get("other_sheets") or []
        more = int(summary.get("other_sheets_unchecked") or 0) + max(0, len(other) - 5)
        ignored = (
            f" (other sheets ignored: {esc(', '.join(other[:5]))}{f', and {more:,} more' if more else ''})"
        )
        lines.append(f"Sheet: {esc(sheet)}{ignored if other else ''}")
    lines += [
        f"Channel: {channel_label(channel_id)}",
        "",
        f"Rows read: <b>{summary['rows_read']:,}</b>",
        f"✅ Valid: <b>{summary['valid']:,}</b>",
        f"❌ Invalid: <b>{summary['invalid']:,}</b>",
    ]
    for reason, count in summary.get("by_reason", {}).items():
        lines.append(f"    • {esc(NL_REASONS.get(reason, reason))}: {count:,}")
    lines.append(f"♻️ Exact duplicates skipped: {summary['duplicates']:,}")
    lines.append(f"🔧 Values normalized: {summary['normalized']:,}")
    if summary.get("fixes_applied"):
        lines.append(f"💡 Suggested fixes applied: {summary['suggestions_applied']:,}")
    elif summary.get("suggestions"):
        lines.append(f"💡 Suggested fixes available: {summary['suggestions']:,}")
    if examples:
        lines += ["", "<b>Failed rows, first examples</b>:"]
        for row, column, message, suggestion in examples:
            where = f"Row {row}" + (f", {esc(cut(column, _TITLE_CHARS))}" if column else "")
            tip = f" → <code>{esc(cut(suggestion, _TITLE_CHARS))}</code>" if suggestion else ""
            lines.append(f"• {where}: {esc(cut(message, _EXAMPLE_CHARS))}{tip}")
    if not summary["rows_read"]:
        lines += [
            "",
            "The file has no data rows (only a header or empty rows). Add the clients and send it again.",
        ]
    elif not summary["valid"]:
        lines += ["", "No row can be added. Fix the file (see View failed rows) and send it again."]
    elif summary["invalid"] or summary["duplicates"]:
        lines += ["", "Send a corrected file at any time to check it instead."]
    if unlisted := not_listed(summary):
        listed = int(summary["invalid"]) + int(summary["duplicates"]) - unlisted
        lines.append(
            f"View failed rows lists the first {listed:,} of them; {unlisted:,} more are counted above but "
            "not listed."
        )
    return "\n".join(lines)


def btn_apply_fixes(count: int) -> str:
    return f"🛠 Apply {count:,} suggested fix" + ("" if count == 1 else "es")


def nl_report_caption(file_name: str) -> str:
    return (
        f"🔎 Failed rows of <i>{esc(cut(file_name, _FILE_CHARS))}</i>: row number, reason, suggestion and "
        "the original cells."
    )


def nl_consent(channel_id: str, valid: int) -> str:
    channel = CHANNELS.get(channel_id)
    what = "phone numbers" if channel is None or channel.is_call else "IDs"
    return (
        f"{clients_count(valid)} will be added.\n\n"
        f"Confirm that these clients agreed to give you their {what}."
    )


def nl_ask_name(default: str) -> str:
    return (
        f"Name the list: type a name (1–{MAX_NAME_LENGTH} characters) or tap the suggested one:\n"
        f"<i>{esc(default)}</i>"
    )


def btn_default_name(name: str) -> str:
    return f"📝 {cut(name, 40)}"


def nl_created(name: str, count: int, channel_id: str) -> str:
    return f"{list_created(name, count)}, {channel_label(channel_id)}."


def not_listed(summary: dict[str, Any]) -> int:
    """Failed rows the report cannot list: past the sandbox's list or the stored examples."""
    failed = int(summary.get("invalid", 0)) + int(summary.get("duplicates", 0))
    if "problems_stored" in summary:
        return max(0, failed - int(summary["problems_stored"]))
    return int(summary.get("unlisted", 0))
