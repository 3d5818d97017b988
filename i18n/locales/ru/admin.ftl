# Команды администратора: /users, /grant, /revoke.
grant-ask-user = Кому выдать роль? Отправьте его Telegram ID (он виден по команде /start в боте) или @username. /cancel — прервать.
grant-ask-user-again = Отправьте Telegram ID (цифры) или @username либо /cancel.
grant-bad-user-again =
    { $problem }
    { grant-ask-user-again }
grant-ask-role = Какую роль выдать { $user }?
grant-choose-role-with-buttons = Выберите роль кнопками выше или отправьте /cancel.
btn-role-manager = Менеджер
btn-role-admin = Администратор
revoke-usage = Формат: /revoke &lt;id|@username&gt; [manager|admin]
grant-usage = Формат: /grant &lt;id|@username&gt; [manager|admin]
unknown-role = Неизвестная роль { $value }. Роли: manager, admin.
unknown-user = Я не знаю { $ref }. Имя пользователя работает только для тех, кто уже писал боту; числовой Telegram ID работает всегда.
granted = ✅ { $user } теперь { role-name }.
already-has = У { $user } уже есть роль «{ role-name }».
revoked = У { $user } снято: { $roles }.
nothing-to-revoke = У { $user } нет роли, которую можно снять здесь.
revoke-own-admin = Нельзя снять роль администратора с себя: может не остаться никого, кто выдаёт доступ. Попросите другого администратора.
bootstrap-admin-note = { $user } — администратор через ADMIN_IDS в настройках; изменить это можно только там.
your-role-granted = ✅ Вам выдана роль «{ role-name }». Отправьте /start.
your-roles-revoked = Ваш доступ к боту изменился: снято — { $roles }.
users-nobody = Ни у кого пока нет роли.
users-heading = <b>У кого есть доступ</b> ({ $count }):
users-from-config = · из ADMIN_IDS
users-pending = Запросов доступа в ожидании: { $count }.
