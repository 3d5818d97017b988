"""Texts of flow D: choosing a campaign, the call window and attempts, the confirmation, the push's
progress and its end."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from handlers.common.texts import clients_count, cut, esc, list_date
from services.push_types import PushSummary, StopReason
from validators.call_window import CallWindow, WindowError, WindowProblem

BTN_SEND = "📞 Send to call campaign"
BTN_WINDOW_ANY = "Now, any time"
BTN_WINDOW_WEEKDAYS = "Weekdays 10:00–18:00 local"
BTN_WINDOW_TYPED = "Other days or hours…"
BTN_CONFIRM = "✅ Send"
BTN_SEND_AGAIN = "✅ Send again"
BTN_CANCEL = "Cancel"
BTN_REJECTED = "📄 Rejected numbers (XLSX)"
BTN_STOP_PUSH = "⏹ Stop sending"
BTN_RESUME_PUSH = "▶️ Go on now"
PUSH_FINISHED = "This sending has already ended."
REJECTED_ANSWER = "Preparing the file…"
RETRY_MINUTES = 60
_NAME = 60

NO_CAMPAIGNS = (
    "No call campaign is connected yet. An admin connects one with /campaigns (the campaign's API token "
    "is on its page in the platform)."
)
NOT_A_CALL_LIST = "Only telephony lists can be sent to a call campaign."
CANCELLED = "Sending cancelled. Nothing was sent."
TYPE_WINDOW = (
    "Type the days and hours to call, in the clients' local time, e.g. <code>mon-fri 09:00-18:00</code>, "
    "<code>weekdays 10-13, 14-19</code> or <code>пн-пт 9-18</code>. /cancel to stop."
)
USE_BUTTONS = "Use the buttons above, or /cancel."
BUSY = "This list is already being sent to this campaign; its progress message shows how far it is."
RESTARTING = "The bot is restarting; send the list again in a minute."


def choose_campaign(list_name: str | None, count: int) -> str:
    return f"📞 Send «{esc(cut(list_name or '—', _NAME))}» ({clients_count(count)}) to which call campaign?"


def campaign_button(name: str, tail: str) -> str:
    return f"{cut(name, 40)} · …{tail}"


def choose_window(campaign: str) -> str:
    return f"Campaign «{esc(cut(campaign, _NAME))}». When may the numbers be called (clients' local time)?"


def choose_attempts(window: str) -> str:
    return f"Call window: {esc(window)}.\nHow many attempts per number?"


def attempts_button(attempts: int) -> str:
    if attempts == 1:
        return "1 attempt"
    return f"{attempts} attempts, {RETRY_MINUTES // 60} h apart"


DAY_TITLES = {
    "mon": "Mon",
    "tue": "Tue",
    "wed": "Wed",
    "thu": "Thu",
    "fri": "Fri",
    "sat": "Sat",
    "sun": "Sun",
}


def window_text(window: CallWindow) -> str:
    days = ", ".join(DAY_TITLES.get(d, d) for d in window.days) if window.days else "every day"
    times = ", ".join(f"{t.start}–{t.end}" for t in window.times) if window.times else "any time"
    return f"{days}, {times}"


_WINDOW_ERRORS = {
    WindowError.EMPTY: "I found no days or hours in that.",
    WindowError.TOO_LONG: "That is too long (at most {max} characters).",
    WindowError.UNKNOWN_DAY: "«{value}» is not a day I know.",
    WindowError.BAD_TIME: "«{value}» is not a time range like 09:00-18:00.",
    WindowError.END_NOT_AFTER_START: "{start}–{end} ends before it starts (a window may not cross midnight).",
    WindowError.OVERLAPPING_TIMES: "{first} and {second} overlap.",
    WindowError.TOO_MANY_RANGES: "At most {max} time ranges.",
}


def bad_window(problem: WindowProblem) -> str:
    params = {key: esc(cut(str(value), 40)) for key, value in problem.params.items()}
    return f"{_WINDOW_ERRORS[problem.code].format(**params)} {TYPE_WINDOW}"


def confirm(
    list_name: str | None, count: int, campaign: str, window: str, attempts: int, sent_before: Any | None
) -> str:
    lines = [
        f"Send {clients_count(count)} of «<b>{esc(cut(list_name or '—', _NAME))}</b>» to the call campaign "
        f"«<b>{esc(cut(campaign, _NAME))}</b>»?",
        "",
        f"Call window: {esc(window)} (each client's local time)",
        f"Attempts: {attempts_button(attempts)}",
        "Time zones: from the list's timezone column; otherwise from the number where its country or area "
        "has one UTC offset; otherwise the campaign's own.",
    ]
    if sent_before is not None:
        lines += [
            "",
            f"⚠️ This list was already sent to this campaign on {list_date(sent_before.created_at)} "
            f"({sent_before.done:,} numbers so far). Send it again?",
        ]
    return "\n".join(lines)


def progress(list_name: str | None, campaign: str, sent: int, total: int) -> str:
    return (
        f"📞 Sending «{esc(cut(list_name or '—', _NAME))}» to «{esc(cut(campaign, _NAME))}»: "
        f"{sent:,} / {total:,} numbers"
    )


def done(list_name: str | None, summary: PushSummary) -> str:
    lines = [
        f"✅ «{esc(cut(list_name or '—', _NAME))}» sent to «{esc(cut(summary.campaign_name, _NAME))}»: "
        f"{summary.accepted:,} of {summary.total:,} numbers accepted.",
    ]
    if summary.rejected:
        lines.append(f"❌ Rejected by the platform: {summary.rejected:,}")
        for reason, count in sorted(summary.rejected_by_reason.items(), key=lambda kv: -kv[1])[:10]:
            lines.append(f"    • {esc(cut(reason, 60))}: {count:,}")
    zones = summary.zones
    if zones.inferred or zones.none:
        lines.append(
            f"🕒 Time zone from the list: {zones.given:,}; inferred from the number: {zones.inferred:,}; "
            f"left to the campaign: {zones.none:,}"
        )
    return "\n".join(lines)


_STOPPED = {
    StopReason.BAD_TOKEN: (
        "the platform no longer accepts this campaign's token: an admin should connect it again"
    ),
    StopReason.CAMPAIGN_CLOSED: "the campaign is stopped, finished or deleted on the platform",
    StopReason.REJECTED: "the platform refused the request",
    StopReason.CAMPAIGN_REMOVED: "an admin removed the campaign from the bot",
    StopReason.LIST_GONE: "the list was deleted",
    StopReason.CANCELLED: "it was cancelled",
}


def stopped(list_name: str | None, code: StopReason, params: Mapping[str, Any], sent: int) -> str:
    detail = params.get("message") or params.get("reason")
    why = _STOPPED.get(code, "it could not go on") + (f" ({esc(cut(str(detail), 120))})" if detail else "")
    return (
        f"⛔️ Sending «{esc(cut(list_name or '—', _NAME))}» stopped: {why}. Numbers sent before stay in the "
        f"campaign ({sent:,})."
    )


def interrupted(list_name: str | None, sent: int, total: int) -> str:
    return (
        f"⏸ Sending «{esc(cut(list_name or '—', _NAME))}» paused at {sent:,} / {total:,}: the bot restarted "
        "or the platform could not be reached. It goes on by itself at the bot's next start; no number is "
        "sent twice."
    )


def resuming(list_name: str | None) -> str:
    return f"📞 Sending «{esc(cut(list_name or '—', _NAME))}» goes on after the bot's restart…"


def rejected_caption(list_name: str | None, campaign: str, count: int) -> str:
    return (
        f"📄 Numbers of «{esc(cut(list_name or '—', _NAME))}» that «{esc(cut(campaign, _NAME))}» rejected: "
        f"{count:,} (row in the list, phone, the platform's reason)."
    )


BTN_STATUS = "📊 Campaign status"
BTN_OUTCOMES = "📄 Outcomes (XLSX)"
ASKING = "Asking the platform…"
NOTHING_CHANGED = "Nothing changed."
CAMPAIGN_GONE = "This campaign was removed from the bot; an admin can connect it again with /campaigns."
BTN_CONTROL = {"pause": "⏸ Pause", "resume": "▶️ Resume", "stop": "⏹ Stop"}
BTN_CONTROL_YES = {"pause": "Yes, pause", "resume": "Yes, resume", "stop": "Yes, stop"}
_STATES = {
    "planned": "planned",
    "inProcess": "calling",
    "paused": "paused",
    "finished": "finished",
    "deleted": "deleted",
}


def campaign_status(campaign: str, state: str, list_name: str | None, counts: Mapping[str, int]) -> str:
    total = sum(counts.values())
    return (
        f"📊 «{esc(cut(campaign, _NAME))}» is {esc(_STATES.get(state, state))}.\n\n"
        f"Calls of «{esc(cut(list_name or '—', _NAME))}»: {total:,}\n"
        f"✅ Done: {counts.get('done', 0):,}\n"
        f"⏳ In progress: {counts.get('in_progress', 0):,}\n"
        f"❌ Failed: {counts.get('failed', 0):,}"
        + (f"\n❔ Unknown: {counts['unknown']:,}" if counts.get("unknown") else "")
    )


def ask_control(action: str, campaign: str) -> str:
    what = {
        "pause": "Pause the campaign «{0}»? It stops calling until it is resumed.",
        "resume": "Resume the campaign «{0}»? It calls again within its call windows.",
        "stop": "Stop the campaign «{0}»? Calls that are not made yet will not be made.",
    }[action]
    return what.format(esc(cut(campaign, _NAME)))


def control_done(action: str, campaign: str) -> str:
    what = {"pause": "⏸ Paused", "resume": "▶️ Resumed", "stop": "⏹ Stopped"}[action]
    return f"{what}: «{esc(cut(campaign, _NAME))}»."


def platform_error(kind: str) -> str:
    return {
        "bad_token": (
            "The platform no longer accepts this campaign's token: an admin should connect it again."
        ),
        "closed": "The campaign is finished or deleted on the platform.",
        "unavailable": "The platform could not be reached. Try again in a few minutes.",
    }.get(kind, "The platform refused the request. Try again later.")


def outcomes_caption(list_name: str | None, campaign: str, count: int) -> str:
    return (
        f"📄 Outcomes of the calls of «{esc(cut(list_name or '—', _NAME))}» "
        f"in «{esc(cut(campaign, _NAME))}»: {count:,} numbers."
    )
