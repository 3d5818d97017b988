"""Texts of `/campaigns` (HTML; everything that came from a person or the API is escaped).

The token is never part of a text: a campaign is shown with `…` and the last 4 characters of it."""

from __future__ import annotations

from handlers.common.texts import cut, esc, list_date
from storage.campaigns import Campaign
from storage.names import MAX_NAME_LENGTH

_NAME_IN_BUTTON = 32
_HOST_IN_BUTTON = 48
_REASON = 200

BTN_ADD = "➕ Add"
BTN_CONFIRM_REMOVE = "Yes, remove"
BTN_CANCEL_REMOVE = "Cancel"
CAMPAIGN_GONE = "This campaign is no longer connected."
REMOVED_ANSWER = "Removed"
CANCEL_HINT = "\n\n/cancel to stop."

CAMPAIGNS_EMPTY = (
    "📞 <b>Call campaigns</b>\n\n"
    "No call campaign is connected yet. Tap ➕ Add to connect one: you need the campaign's API token "
    "from its page on the platform (Calls API)."
)
ASK_NAME = (
    "➕ <b>New call campaign</b>\n\n"
    "Send a name for it, as managers will see it when they send a list (e.g. <i>Autumn offers</i>)."
    + CANCEL_HINT
)
BAD_NAME = (
    f"That name can't be used: it needs visible characters and at most {MAX_NAME_LENGTH} of them. "
    "Send another name." + CANCEL_HINT
)
NAME_EXPECTED = "Send the campaign's name as text." + CANCEL_HINT
BAD_HOST = (
    "That is not a platform address: send an http(s) URL such as <code>https://app.tovie.ai</code>, "
    "without a path to a campaign." + CANCEL_HINT
)
HOST_EXPECTED = "Send the platform's address (an http(s) URL) as text." + CANCEL_HINT
BAD_TOKEN_SHAPE = (
    "That doesn't look like a campaign token: it is one word of printable characters, no spaces. "
    "Send the token again." + CANCEL_HINT
)
TOKEN_EXPECTED = "Send the campaign's API token as text." + CANCEL_HINT
BAD_NAME_ON_SAVE = "That name can't be used: nothing saved. Start again with ➕ Add and another name."
BAD_CAMPAIGN = "The host or the token is too long to be stored. Start again with ➕ Add."


def campaign_line(campaign: Campaign) -> str:
    return (
        f"• <b>{esc(cut(campaign.name, 64))}</b> — {esc(cut(campaign.host, 80))} · "
        f"token …{esc(campaign.token_tail)} · added {list_date(campaign.created_at)}"
    )


def campaigns_page(campaigns: tuple[Campaign, ...]) -> str:
    lines = "\n".join(campaign_line(c) for c in campaigns)
    return (
        f"📞 <b>Call campaigns</b>: {len(campaigns)}\n\n{lines}\n\n"
        "Managers can send telephony lists to these campaigns. Tap ➕ Add to connect another one."
    )


def btn_remove(name: str) -> str:
    """Plain text (buttons are not HTML)."""
    return f"🗑 Remove {cut(name, _NAME_IN_BUTTON)}"


def btn_use_host(host: str) -> str:
    return f"Use {cut(host, _HOST_IN_BUTTON)}"


def name_taken(name: str) -> str:
    return (
        f"A campaign named <b>{esc(cut(name, 64))}</b> is already connected. Send another name." + CANCEL_HINT
    )


def ask_host(name: str, default: str) -> str:
    text = f"Campaign <b>{esc(cut(name, 64))}</b>.\n\nSend the platform's address (an http(s) URL)"
    if default:
        return text + f", or tap the button to use <code>{esc(default)}</code>." + CANCEL_HINT
    return text + ", e.g. <code>https://app.tovie.ai</code>." + CANCEL_HINT


def ask_token(host: str) -> str:
    return (
        f"Host: <code>{esc(host)}</code>.\n\n"
        "Now send the campaign's API token: on the platform, open the call campaign and copy the token "
        "from its Calls API section. I check it with the platform before saving, and delete your message "
        "with it right away." + CANCEL_HINT
    )


def checking(host: str) -> str:
    return f"⏳ Checking the token with the platform at {esc(host)}…"


def token_refused(host: str) -> str:
    return (
        f"❌ The platform at {esc(host)} does not accept this token. Check that you copied the whole "
        "token of the campaign and that it belongs to this platform, then send it again." + CANCEL_HINT
    )


def campaign_closed(host: str) -> str:
    return (
        f"❌ The platform at {esc(host)} says this campaign is finished, deleted or not found. Check that "
        "the campaign is active (not stopped) and that the token is its current one, then send it again."
        + CANCEL_HINT
    )


def campaign_refused(host: str, reason: str) -> str:
    return (
        f"❌ The platform at {esc(host)} refused the check ({esc(cut(reason, _REASON))}). Check the token "
        "and the campaign on the platform, then send the token again." + CANCEL_HINT
    )


def unreachable(host: str) -> str:
    return (
        f"⚠️ Couldn't reach the platform at {esc(host)}: check the host or try later. Send the token again "
        "to retry." + CANCEL_HINT
    )


def added(campaign: Campaign, platform_name: str) -> str:
    on_platform = f" (on the platform: {esc(cut(platform_name, 64))})" if platform_name else ""
    return (
        f"✅ Campaign <b>{esc(campaign.name)}</b>{on_platform} is connected.\n"
        f"Host: {esc(campaign.host)} · token …{esc(campaign.token_tail)}\n\n"
        "Managers can now send telephony lists to it."
    )


def name_taken_on_save(name: str) -> str:
    return (
        f"A campaign named <b>{esc(cut(name, 64))}</b> was connected meanwhile: nothing saved. "
        "Start again with ➕ Add and another name."
    )


def campaign_exists(existing: Campaign) -> str:
    return (
        f"This campaign is already connected as <b>{esc(cut(existing.name, 64))}</b> "
        f"(token …{esc(existing.token_tail)}): nothing saved."
    )


def confirm_remove(campaign: Campaign) -> str:
    return (
        f"Remove the campaign <b>{esc(campaign.name)}</b> ({esc(campaign.host)}, token "
        f"…{esc(campaign.token_tail)})?\n\n"
        "Managers will no longer be able to send lists to it; sends to it that have not finished are "
        "stopped. The campaign itself stays on the platform."
    )


def removed(campaign: Campaign, cancelled: int) -> str:
    text = f"🗑 Campaign <b>{esc(campaign.name)}</b> is removed from the bot."
    if cancelled:
        text += f" {cancelled} unfinished send(s) to it were stopped."
    return text
