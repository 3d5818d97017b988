# Flow D: a telephony list to a call campaign (campaign, call window, attempts, confirmation, progress, end)
# and the campaign's status on the list's card.
btn-send-to-campaign = 📞 Send to call campaign
btn-window-any = Now, any time
btn-window-weekdays = Weekdays 10:00–18:00 local
btn-window-typed = Other days or hours…
btn-confirm-send = ✅ Send
btn-send-again = ✅ Send again
btn-cancel-send = Cancel
btn-rejected = 📄 Rejected numbers (XLSX)
btn-stop-push = ⏹ Stop sending
btn-resume-push = ▶️ Go on now
push-finished = This sending has already ended.
rejected-answer = Preparing the file…
no-campaigns = No call campaign is connected yet. An admin connects one with /campaigns (the campaign's API token is on its page in the platform).
not-a-call-list = Only telephony lists can be sent to a call campaign.
send-cancelled = Sending cancelled. Nothing was sent.
type-window = Type the days and hours to call, in the clients' local time, e.g. <code>mon-fri 09:00-18:00</code>, <code>weekdays 10-13, 14-19</code> or <code>пн-пт 9-18</code>. /cancel to stop.
use-buttons = Use the buttons above, or /cancel.
push-busy = This list is already being sent to this campaign; its progress message shows how far it is.
push-restarting = The bot is restarting; send the list again in a minute.
choose-campaign = 📞 Send «{ $name }» ({ clients-count }) to which call campaign?
choose-window = Campaign «{ $campaign }». When may the numbers be called (clients' local time)?
choose-attempts =
    Call window: { $window }.
    How many attempts per number?
attempts-button = { $attempts ->
    [one] 1 attempt
   *[other] { $attempts } attempts, { $hours } h apart
}
day-short = { $day ->
    [mon] Mon
    [tue] Tue
    [wed] Wed
    [thu] Thu
    [fri] Fri
    [sat] Sat
   *[sun] Sun
}
window-every-day = every day
window-any-time = any time
window-error = { $code ->
    [empty] I found no days or hours in that.
    [too_long] That is too long (at most { $max } characters).
    [unknown_day] «{ $value }» is not a day I know.
    [bad_time] «{ $value }» is not a time range like 09:00-18:00.
    [end_not_after_start] { $start }–{ $end } ends before it starts (a window may not cross midnight).
    [overlapping_times] { $first } and { $second } overlap.
   *[too_many_ranges] At most { $max } time ranges.
}
confirm-send = Send { clients-count } of «<b>{ $name }</b>» to the call campaign «<b>{ $campaign }</b>»?
confirm-window = Call window: { $window } (each client's local time)
confirm-attempts = Attempts: { $attempts }
confirm-zones = Time zones: from the list's timezone column; otherwise from the number where its country or area has one UTC offset; otherwise the campaign's own.
confirm-sent-before = ⚠️ This list was already sent to this campaign on { $date } ({ $done } numbers so far). Send it again?
confirm-zone-counts = 🕒 From the list: { $given } · inferred from the number: { $inferred } · none: { $none }
confirm-zones-missing = { $none ->
    [one] ⚠️ { $none } number has no time zone: it will be called in the campaign's default time zone.
   *[other] ⚠️ { $none } numbers have no time zone: they will be called in the campaign's default time zone.
}
confirm-counting = ⏳ Counting the time zones of «{ $name }»: { $done } / { $total }…
push-progress = 📞 Sending «{ $name }» to «{ $campaign }»: { $sent } / { $total } numbers
push-done = ✅ «{ $name }» sent to «{ $campaign }»: { $accepted } of { $total } numbers accepted.
push-rejected = ❌ Rejected by the platform: { $count }
push-zones = 🕒 Time zone from the list: { $given }; inferred from the number: { $inferred }; left to the campaign: { $none }
push-stop-reason = { $code ->
    [bad_token] the platform no longer accepts this campaign's token: an admin should connect it again
    [campaign_closed] the campaign is stopped, finished or deleted on the platform
    [rejected] the platform refused the request
    [campaign_removed] an admin removed the campaign from the bot
    [list_gone] the list was deleted
    [cancelled] it was cancelled
   *[other] it could not go on
}
push-stopped = ⛔️ Sending «{ $name }» stopped: { $why }. Numbers sent before stay in the campaign ({ $sent }).
push-interrupted = ⏸ Sending «{ $name }» paused at { $sent } / { $total }: the bot restarted or the platform could not be reached. It goes on by itself at the bot's next start; no number is sent twice.
push-resuming = 📞 Sending «{ $name }» goes on after the bot's restart…
rejected-caption = 📄 Numbers of «{ $name }» that «{ $campaign }» rejected: { $count } (row in the list, phone, the platform's reason).

## Campaign status, control, outcomes
btn-campaign-status = 📊 Campaign status
btn-outcomes = 📄 Outcomes (XLSX)
asking-platform = Asking the platform…
nothing-changed = Nothing changed.
campaign-removed-from-bot = This campaign was removed from the bot; an admin can connect it again with /campaigns.
btn-control = { $action ->
    [pause] ⏸ Pause
    [resume] ▶️ Resume
   *[stop] ⏹ Stop
}
btn-control-yes = { $action ->
    [pause] Yes, pause
    [resume] Yes, resume
   *[stop] Yes, stop
}
campaign-state = { $state ->
    [planned] planned
    [inProcess] calling
    [paused] paused
    [finished] finished
    [deleted] deleted
   *[other] { $raw }
}
campaign-status =
    📊 «{ $campaign }» is { campaign-state }.

    Calls of «{ $name }»: { $total }
    ✅ Done: { $done }
    ⏳ In progress: { $in_progress }
    ❌ Failed: { $failed }
campaign-status-unknown = ❔ Unknown: { $count }
ask-control = { $action ->
    [pause] Pause the campaign «{ $campaign }»? It stops calling until it is resumed.
    [resume] Resume the campaign «{ $campaign }»? It calls again within its call windows.
   *[stop] Stop the campaign «{ $campaign }»? Calls that are not made yet will not be made.
}
control-done = { $action ->
    [pause] ⏸ Paused
    [resume] ▶️ Resumed
   *[stop] ⏹ Stopped
}: «{ $campaign }».
platform-error = { $kind ->
    [bad_token] The platform no longer accepts this campaign's token: an admin should connect it again.
    [closed] The campaign is finished or deleted on the platform.
    [unavailable] The platform could not be reached. Try again in a few minutes.
   *[other] The platform refused the request. Try again later.
}
outcomes-caption = 📄 Outcomes of the calls of «{ $name }» in «{ $campaign }»: { $count } numbers.
