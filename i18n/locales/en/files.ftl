# Words inside the files the bot writes: the error report, samples, list downloads, push reports.

## The failed-rows report of an upload
file-report-summary-sheet = Summary
file-report-item = Item
file-report-value = Value
file-report-failed-sheet = Failed rows
file-report-row = Row
file-report-column = Column
file-report-reason = Reason
file-report-what = What is wrong
file-report-suggestion = Suggestion
file-report-file = File
file-report-format = Format
file-report-sheet = Sheet
file-report-other-sheets = Other sheets with data (not read)
file-report-more-sheets = More sheets (not checked)
file-report-channel = Channel
file-report-header-row = Header row
file-report-yes = yes
file-report-no = no
file-report-rows-read = Rows read
file-report-valid = Valid
file-report-invalid = Invalid
file-report-duplicates = Duplicates skipped
file-report-normalized = Values normalized
file-report-with-suggestion = Rows with a suggestion
file-report-suggestions-applied = Suggestions applied
file-report-not-listed = Failed rows not listed below (counted above)
file-report-hidden-columns = Columns not shown (past the last column of a sheet)

## Channels as a file names them
file-channel-telephony = Telephony
file-channel-telegram = Telegram
file-channel-whatsapp = WhatsApp
file-channel-viber = Viber
file-channel-vk = VK
file-channel-facebook = Facebook Messenger
file-channel-instagram = Instagram
file-channel-chat-widget = Chat widget

## Column titles the bot writes (samples, downloads of lists it made)
file-column-id-telephony = Phone
file-column-id-telegram = Telegram ID
file-column-id-whatsapp = WhatsApp phone
file-column-id-viber = Viber ID
file-column-id-vk = VK ID
file-column-id-facebook = Facebook ID
file-column-id-instagram = Instagram ID
file-column-id-chat-widget = Client ID
file-column-first-name = First name
file-column-last-name = Last name
file-column-city = City
file-column-gmt-zone = GMT_ZONE
file-column-priority = Priority
file-column-order-number = Order number
file-column-name = Name
file-column-last-activity = Last activity (UTC)
file-column-labels = Labels
file-column-number = Column { NUMBER($number, useGrouping: 0) }
file-sample-sheet = Clients
file-list-sheet = List

## A push's rejected numbers and a campaign's per-number outcomes
file-rejected-sheet = Rejected numbers
file-rejected-row = Row
file-rejected-phone = Phone
file-rejected-reason = Reason
file-rejection = { $code ->
    [invalid_phone] Not a phone number the platform takes (7–15 digits with the country code)
   *[other] { $code }
}
file-outcomes-sheet = Outcomes
file-outcomes-phone = Phone
file-outcomes-job-status = Job status
file-outcomes-outcome = Outcome
file-outcomes-call-result = Call result
file-outcomes-started = Started
file-outcomes-finished = Finished
file-outcomes-seconds = Seconds
file-outcome-done = done
file-outcome-in-progress = in_progress
file-outcome-failed = failed
file-outcome-unknown = unknown
