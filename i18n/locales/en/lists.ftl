# Flow C: the lists page, a list's card, download, delete; and /audit.
lists-empty =
    There are no client lists yet.

    Create one with { menu-new-list } (from a spreadsheet) or { menu-clients }.
list-gone = This list no longer exists.
preparing-file = ⏳ Preparing the file…
download-answer = Sending the file…
deleted-answer = Deleted
btn-list-back = « Back
btn-all-lists = « All lists
btn-confirm-delete = Yes, delete
btn-cancel-delete = Cancel
lists-page =
    📋 <b>Client lists</b>: { $total }
    Tap a list to download or delete it.
lists-page-of =
    📋 <b>Client lists</b>: { $total } · page { $page } of { $pages }
    Tap a list to download or delete it.

## Where a list came from
source-project = project { $project }
source-period = active in the last { $days } days
source-active = active { $range }
source-search = search “{ $search }”
source-label = label { $label }
source-clients = from bot clients ({ $filters })
source-clients-all = from bot clients, no filters
source-file = file <i>{ $name }</i>
source-uploaded = uploaded file

## The card
list-card =
    📋 <b>{ $name }</b>

    Channel: { $channel }
    Size: { clients-count }
    Source: { $source }
    Created by: { $creator }
    Created: { $created }
list-sent = 📞 { $campaign } · { $at } · { $status ->
    [done] { $accepted } accepted
    [running] sending, { $done } so far
    [pending] waiting to start
    [failed] stopped, { $accepted } accepted
    [cancelled] cancelled, { $accepted } accepted
   *[other] { $raw }
}
confirm-delete = Delete «{ $name }» ({ clients-count })? This cannot be undone.
list-deleted = 🗑 List «{ $name }» ({ clients-count }) was deleted.
list-file-caption = 📋 { $name } — { clients-count }
list-file-values-cut = ⚠️ { $cut ->
    [one] { $cut } value
   *[other] { $cut } values
} longer than Excel's limit of 32,767 characters per cell had to be cut in this file.

## /audit
audit-empty = No list events yet.
audit-action = { $action ->
    [created] created
    [downloaded] downloaded
    [deleted] deleted
    [sent_to_campaign] sent to a call campaign
    [campaign_paused] paused a call campaign of
    [campaign_resumed] resumed a call campaign of
    [campaign_stopped] stopped a call campaign of
   *[other] { $raw }
}
audit-a-list = a list
audit-line = • { $at } — { $who } { audit-action } { $target }{ $number }
audit-events = <b>Recent list events</b> ({ $count }, newest first):
