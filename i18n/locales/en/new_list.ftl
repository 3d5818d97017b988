# Flow A: a list from a file (channel, format help, progress, summary, consent, name).
nl-choose-channel =
    ➕ <b>New list from a file</b>

    Which campaigns is the list for? Choose the channel:
nl-choose-channel-hint = Choose the channel with the buttons above, or /cancel.
nl-send-document = Send the list as a <b>document</b> (📎 → File): an XLSX, XLS or CSV file. Photos, stickers and text messages can't be read. /cancel to stop.
nl-review-hint = Use the buttons under the summary above, or send a corrected file to check it instead. /cancel to stop.
nl-consent-hint = Tap <b>I confirm</b> or <b>Cancel</b> above, or /cancel.
nl-name-hint = Type the list's name as a text message, or tap the suggested name. /cancel to stop.
nl-download-failed = I couldn't download this file from Telegram. Please send it again.
nl-cancelled = Import cancelled. Nothing was saved.
nl-check-stopped = ⏹ The check of this file was stopped. Nothing was saved.
nl-cancelled-answer = Cancelled
nl-stage-gone = This import is no longer pending (it was cancelled, replaced by another file or expired). Send /new to start again.
nl-stage-gone-send-again = This file's check did not finish (the bot restarted), so nothing is pending. Send the file again.
nl-stage-gone-alert = This import is no longer pending. Send /new to start again.
nl-busy-alert = Still checking a file — one moment.
nl-report-answer = Preparing the report…
nl-default-name = List
btn-sample-xlsx = 📄 Sample XLSX
btn-sample-csv = 📄 Sample CSV
btn-view-failed = 🔎 View failed rows
btn-add-valid = ✅ Add only valid rows
btn-continue = ✅ Continue
btn-cancel-import = ✖️ Cancel import
btn-i-confirm = ✅ I confirm
btn-cancel = Cancel
btn-apply-fixes = 🛠 Apply { $count ->
    [one] { $count } suggested fix
   *[other] { $count } suggested fixes
}

## Format help
nl-format-call =
    <b>First column</b>: the phone number with country code, digits only, no +, e.g. <code>{ $example }</code>.
    <b>Optional columns</b>: First name, Last name, City, timezone (GMT_ZONE, ±hh:mm), priority (a whole number), and any other columns — they are kept with each client.
nl-format-text =
    <b>First column</b>: { $id_title } — { $description } E.g. <code>{ $example }</code>.
    <b>Other columns</b> (first name, last name, …) are kept with each client.
nl-format-help =
    { $channel } — { $kind ->
        [call] call
       *[text] text
    } campaigns.

    { $first }
    A header row is optional; only the first sheet with data is read.

    <b>File</b>: XLSX, XLS or CSV, up to { $max_mb } MB, sent as a document.
    Download a sample below, fill it in and send it back.

## The check: received, progress, refusals
nl-too-big = ⚠️ This file is { NUMBER($size_mb, minimumFractionDigits: 1, maximumFractionDigits: 1) } MB; the limit is { $max_mb } MB. Split it into smaller files or delete unused rows, columns and sheets, then send it again (or /cancel).
nl-refused =
    ⚠️ { $message }

    Send another file when it's ready, or /cancel.
nl-received = ⏳ Received <i>{ $file }</i>. Checking…
nl-queued = ⏳ Received <i>{ $file }</i>. Other files are being checked right now; yours is next in line.
nl-check-interrupted = ⚠️ The bot restarted while checking <i>{ $file }</i>, so the check did not finish and nothing was saved. Please send the file again.
nl-check-failed = ⚠️ Sorry, something went wrong on my side while checking <i>{ $file }</i>. Nothing was saved. Please send the file again.
nl-progress = ⏳ Validating <i>{ $file }</i>… ({ $rows } rows)
nl-progress-percent = ⏳ Validating <i>{ $file }</i>… { $percent }% ({ $rows } rows)

## The summary
nl-summary-title = 📊 <b>Check of</b> <i>{ $file }</i>
nl-summary-same-file = (you sent this file already)
nl-summary-sheet = Sheet: { $sheet }
nl-summary-other-sheets = (other sheets ignored: { $sheets })
nl-summary-other-sheets-more = (other sheets ignored: { $sheets }, and { $more } more)
nl-summary-channel = Channel: { $channel }
nl-summary-rows = Rows read: <b>{ $count }</b>
nl-summary-valid = ✅ Valid: <b>{ $count }</b>
nl-summary-invalid = ❌ Invalid: <b>{ $count }</b>
nl-summary-duplicates = ♻️ Exact duplicates skipped: { $count }
nl-summary-normalized = 🔧 Values normalized: { $count }
nl-summary-fixes-applied = 💡 Suggested fixes applied: { $count }
nl-summary-fixes-available = 💡 Suggested fixes available: { $count }
nl-summary-examples = <b>Failed rows, first examples</b>:
nl-summary-row = Row { $row }
nl-summary-no-rows = The file has no data rows (only a header or empty rows). Add the clients and send it again.
nl-summary-none-valid = No row can be added. Fix the file (see View failed rows) and send it again.
nl-summary-send-corrected = Send a corrected file at any time to check it instead.
nl-summary-unlisted = View failed rows lists the first { $listed } of them; { $unlisted } more are counted above but not listed.

## Report, consent, name, created
nl-report-caption = 🔎 Failed rows of <i>{ $file }</i>: row number, reason, suggestion and the original cells.
nl-consent =
    { clients-count } will be added.

    Confirm that these clients agreed to give you their { $kind ->
        [call] phone numbers
       *[text] IDs
    }.
nl-ask-name =
    Name the list: type a name (1–{ $max } characters) or tap the suggested one:
    <i>{ $name }</i>
nl-created = { list-created }, { $channel }.
