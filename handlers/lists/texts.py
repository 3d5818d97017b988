"""Render functions of flow C (the lists page, a list's card, download, delete) and of /audit.

Words: i18n/locales/<locale>/lists.ftl."""

from __future__ import annotations

from handlers.common.texts import channel_icon, channel_label, cut, esc, list_date, number
from i18n import tr

BTN_PAGE_PREV = "‹"
BTN_PAGE_NEXT = "›"
_NAME_IN_BUTTON = 32


def list_button(name: str | None, channel_id: str, row_count: int, created_at: str | None) -> str:
    """Plain text (buttons are not HTML): icon, name, size, date."""
    shown = cut(name or "—", _NAME_IN_BUTTON)
    return f"{channel_icon(channel_id)} {shown} · {number(row_count)} · {list_date(created_at)}"


def lists_page(total: int, page: int, pages: int) -> str:
    if pages > 1:
        return tr("lists-page-of", total=total, page=page + 1, pages=pages)
    return tr("lists-page", total=total)


def _client_filters(source: dict[str, object]) -> list[str]:
    """Flow B's filters as a person reads them; ids and timestamps are for machines and skipped."""
    raw = source.get("filters")
    filters: dict[str, object] = raw if isinstance(raw, dict) else {}
    parts = [tr("source-project", project=esc(source["project"]))] if source.get("project") else []
    if filters.get("period_days"):
        days = filters["period_days"]
        parts.append(tr("source-period", days=days if isinstance(days, int) else esc(days)))
    elif filters.get("range"):  # as typed, both days included ("until" is the exclusive next day)
        parts.append(tr("source-active", range=esc(filters["range"])))
    elif filters.get("since") or filters.get("until"):
        since, until = str(filters.get("since") or "…")[:10], str(filters.get("until") or "…")[:10]
        parts.append(tr("source-active", range=f"{esc(since)} – {esc(until)}"))
    if filters.get("search"):
        parts.append(tr("source-search", search=esc(filters["search"])))
    if filters.get("label"):
        parts.append(tr("source-label", label=esc(filters["label"])))
    known = {"period_days", "range", "since", "until", "search", "label"}
    parts += [
        f"{esc(key)}: {esc(value)}"
        for key, value in filters.items()
        if key not in known and not key.endswith(("_id", "_ts")) and value not in (None, "", [], {})
    ]
    return parts


def list_source(source: dict[str, object]) -> str:
    """Where a list came from: the uploaded file's name, or bot clients and the filters used."""
    if source.get("kind") == "clients":
        parts = _client_filters(source)
        return tr("source-clients", filters="; ".join(parts)) if parts else tr("source-clients-all")
    name = source.get("file_name") or source.get("name")
    return tr("source-file", name=esc(name)) if name else tr("source-uploaded")


def list_card(
    name: str | None,
    channel_id: str,
    row_count: int,
    source: dict[str, object],
    creator: str,
    created_at: str | None,
) -> str:
    return tr(
        "list-card",
        name=esc(name or "—"),
        channel=channel_label(channel_id),
        count=row_count,
        source=list_source(source),
        creator=creator,
        created=list_date(created_at, with_time=True),
    )


def list_sent(campaign: str, at: str | None, status: str, done: int, accepted: int) -> str:
    """One line of the card per push of the list (flow D), newest first."""
    return tr(
        "list-sent",
        campaign=esc(cut(campaign, 40)),
        at=list_date(at),
        status=status,
        done=done,
        accepted=accepted,
        raw=esc(status),
    )


def confirm_delete(name: str | None, row_count: int) -> str:
    return tr("confirm-delete", name=esc(name or "—"), count=row_count)


def list_deleted(name: str | None, row_count: int) -> str:
    return tr("list-deleted", name=esc(name or "—"), count=row_count)


def list_file_caption(name: str | None, row_count: int, values_cut: int = 0) -> str:
    caption = tr("list-file-caption", name=esc(cut(name or "—", 200)), count=row_count)
    if values_cut:
        caption += "\n" + tr("list-file-values-cut", cut=values_cut)
    return caption


_NAME_IN_AUDIT = 48
_MESSAGE_BUDGET = 4000  # Telegram's limit is 4096 characters


def audit_line(at: str, who: str, action: str, list_name: str | None, list_id: int | None) -> str:
    target = f"«{esc(cut(list_name, _NAME_IN_AUDIT))}»" if list_name else tr("audit-a-list")
    return tr(
        "audit-line",
        at=list_date(at, with_time=True),
        who=who,
        action=action,
        raw=esc(action),
        target=target,
        number=f" #{list_id}" if list_id is not None else "",
    )


def audit_events(lines: list[str]) -> str:
    """As many of the (newest first) lines as fit in one message."""
    shown: list[str] = []
    size = 60  # the heading
    for line in lines:
        size += len(line) + 1
        if size > _MESSAGE_BUDGET:
            break
        shown.append(line)
    return tr("audit-events", count=len(shown)) + "\n" + "\n".join(shown)
