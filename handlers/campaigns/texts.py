"""Render functions of `/campaigns` (HTML; everything that came from a person or the API is escaped).

Words: i18n/locales/<locale>/campaigns.ftl. The token is never part of a text: a campaign is shown
with `…` and the last 4 characters of it."""

from __future__ import annotations

from handlers.common.texts import cut, esc, list_date
from i18n import tr
from storage.campaigns import Campaign
from storage.names import MAX_NAME_LENGTH

_NAME_IN_BUTTON = 32
_HOST_IN_BUTTON = 48
_REASON = 200


def bad_name() -> str:
    return tr("bad-campaign-name", max=MAX_NAME_LENGTH)


def campaign_line(campaign: Campaign) -> str:
    return tr(
        "campaign-line",
        name=esc(cut(campaign.name, 64)),
        host=esc(cut(campaign.host, 80)),
        tail=esc(campaign.token_tail),
        added=list_date(campaign.created_at),
    )


def campaigns_page(campaigns: tuple[Campaign, ...]) -> str:
    lines = "\n".join(campaign_line(c) for c in campaigns)
    return tr("campaigns-page", count=len(campaigns), lines=lines)


def btn_remove(name: str) -> str:
    """Plain text (buttons are not HTML)."""
    return tr("btn-remove-campaign", name=cut(name, _NAME_IN_BUTTON))


def btn_use_host(host: str) -> str:
    return tr("btn-use-host", host=cut(host, _HOST_IN_BUTTON))


def name_taken(name: str) -> str:
    return tr("campaign-name-taken", name=esc(cut(name, 64)))


def ask_host(name: str, default: str) -> str:
    if default:
        return tr("ask-host-default", name=esc(cut(name, 64)), host=esc(default))
    return tr("ask-host", name=esc(cut(name, 64)))


def ask_token(host: str) -> str:
    return tr("ask-token", host=esc(host))


def checking(host: str) -> str:
    return tr("checking-token", host=esc(host))


def token_refused(host: str) -> str:
    return tr("token-refused", host=esc(host))


def campaign_closed(host: str) -> str:
    return tr("campaign-closed", host=esc(host))


def campaign_refused(host: str, reason: str) -> str:
    return tr("campaign-refused", host=esc(host), reason=esc(cut(reason, _REASON)))


def unreachable(host: str) -> str:
    return tr("host-unreachable", host=esc(host))


def added(campaign: Campaign, platform_name: str) -> str:
    on_platform = " " + tr("campaign-on-platform", name=esc(cut(platform_name, 64))) if platform_name else ""
    return tr(
        "campaign-added",
        name=esc(campaign.name),
        on_platform=on_platform,
        host=esc(campaign.host),
        tail=esc(campaign.token_tail),
    )


def name_taken_on_save(name: str) -> str:
    return tr("campaign-name-taken-on-save", name=esc(cut(name, 64)))


def campaign_exists(existing: Campaign) -> str:
    return tr("campaign-exists", name=esc(cut(existing.name, 64)), tail=esc(existing.token_tail))


def confirm_remove(campaign: Campaign) -> str:
    return tr(
        "confirm-remove-campaign",
        name=esc(campaign.name),
        host=esc(campaign.host),
        tail=esc(campaign.token_tail),
    )


def removed(campaign: Campaign, cancelled: int) -> str:
    if cancelled:
        return tr("campaign-removed-stopped", name=esc(campaign.name), count=cancelled)
    return tr("campaign-removed", name=esc(campaign.name))
