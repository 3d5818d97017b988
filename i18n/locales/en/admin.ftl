# Admin commands: /users, /grant, /revoke.
grant-ask-user = Whom should I give a role? Send their Telegram ID (they see it when they /start the bot) or @username. /cancel to stop.
grant-ask-user-again = Send a Telegram ID (digits) or @username, or /cancel.
grant-bad-user-again =
    { $problem }
    { grant-ask-user-again }
grant-ask-role = Which role for { $user }?
grant-choose-role-with-buttons = Choose the role with the buttons above, or /cancel.
btn-role-manager = Manager
btn-role-admin = Admin
revoke-usage = Usage: /revoke &lt;id|@username&gt; [manager|admin]
grant-usage = Usage: /grant &lt;id|@username&gt; [manager|admin]
unknown-role = Unknown role { $value }. Roles: manager, admin.
unknown-user = I don't know { $ref }. Usernames work only for people who have written to the bot; a numeric Telegram ID always works.
granted = ✅ { $user } is now { role-name }.
already-has = { $user } already has the { role-name } role.
revoked = Removed from { $user }: { $roles }.
nothing-to-revoke = { $user } has no role that can be removed here.
revoke-own-admin = You can't remove your own admin role: nobody might be left to grant access. Ask another admin.
bootstrap-admin-note = { $user } is an admin through ADMIN_IDS in the configuration; change it there.
your-role-granted = ✅ You have been given the { role-name } role. Send /start.
your-roles-revoked = Your access to this bot has changed: removed { $roles }.
users-nobody = Nobody has a role yet.
users-heading = <b>People with access</b> ({ $count }):
users-from-config = · from ADMIN_IDS
users-pending = Pending access requests: { $count }.
