"""Render functions of flow D: choosing a campaign, the call window and attempts, the confirmation,
the push's progress and its end, the campaign's status.

Words: i18n/locales/<locale>/calls.ftl. The titles of the XLSX files (rejected numbers, outcomes) are
files.ftl's, rendered by services.push_reports and services.campaign_status in the reader's language."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from handlers.common.texts import cut, esc, list_date, number
from i18n import current_locale, tr
from services.push_reports import rejection_reason
from services.push_types import PushSummary, StopReason, ZoneCounts
from validators.call_window import CallWindow, WindowProblem

RETRY_MINUTES = 60
_NAME = 60


def _name(list_name: str | None) -> str:
    return esc(cut(list_name or "—", _NAME))


def choose_campaign(list_name: str | None, count: int) -> str:
    return tr("choose-campaign", name=_name(list_name), count=count)


def campaign_button(name: str, tail: str) -> str:
    return f"{cut(name, 40)} · …{tail}"


def choose_window(campaign: str) -> str:
    return tr("choose-window", campaign=esc(cut(campaign, _NAME)))


def choose_attempts(window: str) -> str:
    return tr("choose-attempts", window=esc(window))


def attempts_button(attempts: int) -> str:
    return tr("attempts-button", attempts=attempts, hours=RETRY_MINUTES // 60)


def window_text(window: CallWindow) -> str:
    days = ", ".join(tr("day-short", day=d) for d in window.days) if window.days else tr("window-every-day")
    times = ", ".join(f"{t.start}–{t.end}" for t in window.times) if window.times else tr("window-any-time")
    return f"{days}, {times}"


def bad_window(problem: WindowProblem) -> str:
    params = {key: esc(cut(str(value), 40)) for key, value in problem.params.items()}
    return tr("window-error", code=problem.code.value, **params) + " " + tr("type-window")


def confirm(
    list_name: str | None,
    count: int,
    campaign: str,
    window: str,
    attempts: int,
    sent_before: Any | None,
    zones: ZoneCounts,
) -> str:
    lines = [
        tr("confirm-send", count=count, name=_name(list_name), campaign=esc(cut(campaign, _NAME))),
        "",
        tr("confirm-window", window=esc(window)),
        tr("confirm-attempts", attempts=attempts_button(attempts)),
        tr("confirm-zones"),
        *zone_counts(zones),
    ]
    if sent_before is not None:
        date = list_date(sent_before.created_at)
        lines += ["", tr("confirm-sent-before", date=date, done=int(sent_before.done))]
    return "\n".join(lines)


def zone_counts(zones: ZoneCounts) -> list[str]:
    """The confirmation's counts (issue 11: how many were inferred and how many have none)."""
    lines = [tr("confirm-zone-counts", given=zones.given, inferred=zones.inferred, none=zones.none)]
    if zones.none:
        lines.append(tr("confirm-zones-missing", none=zones.none))
    return lines


def counting(list_name: str | None, done: int, total: int) -> str:
    return tr("confirm-counting", name=_name(list_name), done=done, total=total)


def progress(list_name: str | None, campaign: str, sent: int, total: int) -> str:
    return tr(
        "push-progress", name=_name(list_name), campaign=esc(cut(campaign, _NAME)), sent=sent, total=total
    )


def done(list_name: str | None, summary: PushSummary) -> str:
    lines = [
        tr(
            "push-done",
            name=_name(list_name),
            campaign=esc(cut(summary.campaign_name, _NAME)),
            accepted=summary.accepted,
            total=summary.total,
        )
    ]
    if summary.rejected:
        lines.append(tr("push-rejected", count=summary.rejected))
        for reason, count in sorted(summary.rejected_by_reason.items(), key=lambda kv: -kv[1])[:10]:
            lines.append(f"    • {esc(cut(rejection_reason(current_locale(), reason), 80))}: {number(count)}")
    zones = summary.zones
    if zones.inferred or zones.none:
        lines.append(tr("push-zones", given=zones.given, inferred=zones.inferred, none=zones.none))
    return "\n".join(lines)


def stopped(list_name: str | None, code: StopReason, params: Mapping[str, Any], sent: int) -> str:
    detail = params.get("message") or params.get("reason")
    why = tr("push-stop-reason", code=code.value) + (f" ({esc(cut(str(detail), 120))})" if detail else "")
    return tr("push-stopped", name=_name(list_name), why=why, sent=sent)


def interrupted(list_name: str | None, sent: int, total: int) -> str:
    return tr("push-interrupted", name=_name(list_name), sent=sent, total=total)


def resuming(list_name: str | None) -> str:
    return tr("push-resuming", name=_name(list_name))


def rejected_caption(list_name: str | None, campaign: str, count: int) -> str:
    return tr("rejected-caption", name=_name(list_name), campaign=esc(cut(campaign, _NAME)), count=count)


def btn_control(action: str) -> str:
    return tr("btn-control", action=action)


def btn_control_yes(action: str) -> str:
    return tr("btn-control-yes", action=action)


def campaign_status(campaign: str, state: str, list_name: str | None, counts: Mapping[str, int]) -> str:
    text = tr(
        "campaign-status",
        campaign=esc(cut(campaign, _NAME)),
        state=state,
        raw=esc(state),
        name=_name(list_name),
        total=sum(counts.values()),
        done=counts.get("done", 0),
        in_progress=counts.get("in_progress", 0),
        failed=counts.get("failed", 0),
    )
    if counts.get("unknown"):
        text += "\n" + tr("campaign-status-unknown", count=counts["unknown"])
    return text


def ask_control(action: str, campaign: str) -> str:
    return tr("ask-control", action=action, campaign=esc(cut(campaign, _NAME)))


def control_done(action: str, campaign: str) -> str:
    return tr("control-done", action=action, campaign=esc(cut(campaign, _NAME)))


def platform_error(kind: str) -> str:
    return tr("platform-error", kind=kind)


def outcomes_caption(list_name: str | None, campaign: str, count: int) -> str:
    return tr("outcomes-caption", name=_name(list_name), campaign=esc(cut(campaign, _NAME)), count=count)
