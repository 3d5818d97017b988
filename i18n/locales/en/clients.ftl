# Flow B (/clients): project, channel, filters with the live count, name, created.
cl-no-clients =
    There are no bot clients to choose from yet.

    They come from the platform's clients report: <code>python -m bot import-clients REPORT.xlsx</code>. To try the bot with fake clients: <code>python -m bot demo-data</code>.
cl-choose-project =
    👥 <b>List from bot clients</b>

    Choose the bot project:
cl-use-project-buttons = Choose the project with the buttons above, or /cancel.
cl-use-channel-buttons = Choose the channel with the buttons above, or /cancel.
cl-use-filter-buttons = Change the filters with the buttons above, type a name or ID to search, or /cancel.
cl-type-name = Send the name of the list as text, or /cancel.
cl-dates-prompt = Send the last-activity dates as <code>01.09.2026-30.09.2026</code> or <code>2026-09-01..2026-09-30</code> (both days included; one date means that day).
cl-search-prompt = Send part of the client's name or ID (any letter case).
cl-empty-alert = No clients match these filters, so there is nothing to put in a list. Widen the filters.
cl-name-prompt = Name the new list (1–{ $max } characters), or tap the suggested name:
cl-creating = Creating the list…
cl-gone = These clients are no longer there (the data changed). Start again with /clients.
cl-period-all = All time
cl-btn-dates = 📅 Dates…
cl-btn-search = 🔍 Search…
cl-btn-reset = ↺ Reset filters
cl-search-too-long = That search is too long: at most { $limit } characters. Send a shorter one.
cl-period-button = { $days } days
cl-choose-channel =
    👥 Project <b>{ $project }</b>

    Choose the channel (number of clients):
cl-clear-search-button = ✖ Search «{ $search }»
cl-create-button = ✅ Create client list ({ $count })
cl-create-button-empty = Create client list (0 clients)
cl-period-last = last { $days } days
cl-period-all-lower = all time
cl-filters-title = 👥 <b>{ $project }</b> · { $channel }
cl-filters-period = Last activity: <b>{ $period }</b>
cl-filters-search = Search: <b>{ $search }</b>
cl-filters-no-search = Search: —
cl-filters-label = Label: <b>{ $label }</b>
cl-filters-any-label = Label: any
cl-filters-count = Matching clients: <b>{ $count }</b>
cl-filters-hint = Type a name or ID to search; the buttons change the other filters.
cl-filters-none = No client matches: widen the filters to create a list.
cl-bad-dates = I couldn't read «{ $text }» as dates. { cl-dates-prompt }
cl-dates-backwards = The end date is before the start date. Send the earlier date first, e.g. 01.09.2026-30.09.2026.
cl-dates-future = These dates are all after today ({ $today }, UTC): no client was active then. Send past dates.
cl-use-default-name = Use «{ $name }»
cl-created = { list-created } of { $channel }, project { $project }. It is also on the { menu-lists } page.
