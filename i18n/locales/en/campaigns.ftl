# /campaigns for admins: connect (name → host → token checked with the platform) or remove.
cmp-cancel-hint = /cancel to stop.
btn-add-campaign = ➕ Add
btn-confirm-remove = Yes, remove
btn-cancel-remove = Cancel
campaign-gone = This campaign is no longer connected.
removed-answer = Removed
campaigns-empty =
    📞 <b>Call campaigns</b>

    No call campaign is connected yet. Tap ➕ Add to connect one: you need the campaign's API token from its page on the platform (Calls API).
ask-campaign-name =
    ➕ <b>New call campaign</b>

    Send a name for it, as managers will see it when they send a list (e.g. <i>Autumn offers</i>).

    { cmp-cancel-hint }
bad-campaign-name =
    That name can't be used: it needs visible characters and at most { $max } of them. Send another name.

    { cmp-cancel-hint }
campaign-name-expected =
    Send the campaign's name as text.

    { cmp-cancel-hint }
bad-host =
    That is not a platform address: send an http(s) URL such as <code>https://app.tovie.ai</code>, without a path to a campaign.

    { cmp-cancel-hint }
host-expected =
    Send the platform's address (an http(s) URL) as text.

    { cmp-cancel-hint }
bad-token-shape =
    That doesn't look like a campaign token: it is one word of printable characters, no spaces. Send the token again.

    { cmp-cancel-hint }
token-expected =
    Send the campaign's API token as text.

    { cmp-cancel-hint }
bad-name-on-save = That name can't be used: nothing saved. Start again with ➕ Add and another name.
bad-campaign = The host or the token is too long to be stored. Start again with ➕ Add.
campaign-line = • <b>{ $name }</b> — { $host } · token …{ $tail } · added { $added }
campaigns-page =
    📞 <b>Call campaigns</b>: { $count }

    { $lines }

    Managers can send telephony lists to these campaigns. Tap ➕ Add to connect another one.
btn-remove-campaign = 🗑 Remove { $name }
btn-use-host = Use { $host }
campaign-name-taken =
    A campaign named <b>{ $name }</b> is already connected. Send another name.

    { cmp-cancel-hint }
ask-host =
    Campaign <b>{ $name }</b>.

    Send the platform's address (an http(s) URL), e.g. <code>https://app.tovie.ai</code>.

    { cmp-cancel-hint }
ask-host-default =
    Campaign <b>{ $name }</b>.

    Send the platform's address (an http(s) URL), or tap the button to use <code>{ $host }</code>.

    { cmp-cancel-hint }
ask-token =
    Host: <code>{ $host }</code>.

    Now send the campaign's API token: on the platform, open the call campaign and copy the token from its Calls API section. I check it with the platform before saving, and delete your message with it right away.

    { cmp-cancel-hint }
checking-token = ⏳ Checking the token with the platform at { $host }…
token-refused =
    ❌ The platform at { $host } does not accept this token. Check that you copied the whole token of the campaign and that it belongs to this platform, then send it again.

    { cmp-cancel-hint }
campaign-closed =
    ❌ The platform at { $host } says this campaign is finished, deleted or not found. Check that the campaign is active (not stopped) and that the token is its current one, then send it again.

    { cmp-cancel-hint }
campaign-refused =
    ❌ The platform at { $host } refused the check ({ $reason }). Check the token and the campaign on the platform, then send the token again.

    { cmp-cancel-hint }
host-unreachable =
    ⚠️ Couldn't reach the platform at { $host }: check the host or try later. Send the token again to retry.

    { cmp-cancel-hint }
campaign-added =
    ✅ Campaign <b>{ $name }</b>{ $on_platform } is connected.
    Host: { $host } · token …{ $tail }

    Managers can now send telephony lists to it.
campaign-on-platform = (on the platform: { $name })
campaign-name-taken-on-save = A campaign named <b>{ $name }</b> was connected meanwhile: nothing saved. Start again with ➕ Add and another name.
campaign-exists = This campaign is already connected as <b>{ $name }</b> (token …{ $tail }): nothing saved.
confirm-remove-campaign =
    Remove the campaign <b>{ $name }</b> ({ $host }, token …{ $tail })?

    Managers will no longer be able to send lists to it; sends to it that have not finished are stopped. The campaign itself stays on the platform.
campaign-removed = 🗑 Campaign <b>{ $name }</b> is removed from the bot.
campaign-removed-stopped = 🗑 Campaign <b>{ $name }</b> is removed from the bot. { $count } unfinished send(s) to it were stopped.
