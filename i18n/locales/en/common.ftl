# Shared words and formats. One file per feature beside this one.
language-name = English

## Lists, their names and sizes (the same words in every flow)
clients-count = { $count ->
    [one] { $count } client
   *[other] { $count } clients
}
name-empty = The name can't be empty. Type a name of 1–{ $max } characters.
name-too-long = This name has { $length } characters; at most { $max } are allowed. Type a shorter one.
name-taken = A list named «{ $name }» already exists. Type another name.
list-created = ✅ List «<b>{ $name }</b>» created: { clients-count }
btn-download = ⬇️ Download
btn-delete = 🗑 Delete

## Main menu (persistent reply keyboard) and the command menu
menu-new-list = ➕ New list
menu-lists = 📋 Lists
menu-clients = 👥 From bot clients
menu-placeholder = Type a command or use the menu
cmd-start = Main menu
cmd-help = What this bot does
cmd-cancel = Cancel the current action
cmd-new = New list from a file
cmd-lists = Browse, download and delete lists
cmd-clients = New list from clients the bots talked to
cmd-language = Language: English or Russian
cmd-users = Who has access
cmd-grant = Give a role: /grant <id|@username> [manager|admin]
cmd-revoke = Take a role away: /revoke <id|@username> [role]
cmd-audit = Recent list events: who created, downloaded, deleted
cmd-campaigns = Call campaigns: connect or remove

## Roles
role-title = { $role ->
    [admin] Admin
   *[manager] Manager
}
role-name = { $role ->
    [admin] admin
   *[manager] manager
}

## Start, help, cancel, language
manager-menu =
    Hi, { $name }! Here you manage the <b>client lists</b> of outbound call and text campaigns.

    Choose what to do: the buttons below this message or the menu keyboard.
help-manager =
    <b>Client lists bot</b>
    { menu-new-list } — create a list from a spreadsheet (XLS, XLSX or CSV).
    { menu-lists } — browse, download or delete lists.
    { menu-clients } — create a list from clients the bots talked to.

    /cancel stops whatever you are doing. /start shows the menu. /language: English or Russian.
help-admin =
    <b>Admin</b>
    /users — who has access
    /grant &lt;id|@username&gt; [manager|admin] — give a role (without arguments I ask)
    /revoke &lt;id|@username&gt; [role] — take a role away (all roles when none is given)
    /audit — recent list events: who created, downloaded or deleted which list
    /campaigns — call campaigns: connect or remove
help-stranger = This bot manages client lists for outbound campaigns. It is for the company's managers only: send /start to see your Telegram ID and ask an admin for access.
cancelled = Cancelled.
nothing-to-cancel = Nothing to cancel.
not-available-yet = This part is not available yet.
unknown-input = I didn't understand that. Use the menu below or /help.
stale-button = This button is no longer active.
language-choose = Choose the language of the bot:
language-set = Language: English. Carry on where you were.
language-answer = English

## Access
no-access-alert = You no longer have access.
no-access =
    You don't have access to this bot yet.

    Your Telegram ID: <code>{ $id }</code>

    Tap <b>Request access</b> and an admin will be asked to let you in.
no-access-short = You don't have access to this bot. Your Telegram ID: <code>{ $id }</code>. Send /start.
btn-request-access = 🔑 Request access
btn-grant-manager = ✅ Grant manager
btn-ignore = Ignore
request-sent = Your request has been sent to the admins. I'll tell you when they decide.
request-already-pending = Your request is already waiting for an admin. I'll tell you when they decide.
request-has-access = You already have access. Send /start.
request-no-admins = I couldn't reach any admin right now. Please ask your admin directly and give them your ID.
request-answer = Request sent
access-request-for-admin = 🔑 Access request from { $user }.
access-granted-by-admin = ✅ { $user } is now a manager (granted by { $admin }).
access-ignored-by-admin = Access request from { $user } ignored by { $admin }.
request-already-decided = This request was already { $status ->
    [granted] granted
    [ignored] ignored
    [pending] pending
   *[other] withdrawn
}.
access-granted-to-user = ✅ An admin gave you access. Welcome!
access-declined-to-user = An admin declined your access request.

## Errors
apology = Sorry, something went wrong on my side. Please try again.

## Channels (validators.channels: the catalog's titles, in the reader's language)
channel-title = { $channel ->
    [telephony] Telephony
    [telegram] Telegram
    [whatsapp] WhatsApp
    [viber] Viber
    [vk] VK
    [facebook] Facebook Messenger
    [instagram] Instagram
    [chat_widget] Chat widget
   *[other] { $channel }
}
channel-id-title = { $channel ->
    [telephony] Phone
    [telegram] Telegram ID
    [whatsapp] WhatsApp phone
    [viber] Viber ID
    [vk] VK ID
    [facebook] Facebook ID
    [instagram] Instagram ID
   *[other] Client ID
}
channel-description = { $channel ->
    [telephony] Phone number with country code, digits only, no +: e.g. 12015550123.
    [telegram] The client's numeric Telegram user ID (not the @username).
    [whatsapp] The client's WhatsApp phone number with country code, digits only, no +.
    [viber] The client's Viber user ID as the bot received it, e.g. 01234567890A=.
    [vk] The client's numeric VK user ID (not the short name).
    [facebook] The client's page-scoped ID (PSID) that Messenger gave your page: 5–20 digits.
    [instagram] The client's Instagram-scoped ID (IGSID) that your account received: 5–20 digits.
   *[other] The client ID of the website chat widget: 1–128 characters without spaces.
}
