# Общие слова и форматы. По файлу на каждую функцию рядом с этим.
language-name = Русский

## Списки, их названия и размеры (одни и те же слова во всех сценариях)
clients-count = { $count ->
    [one] { $count } клиент
    [few] { $count } клиента
   *[many] { $count } клиентов
}
name-empty = Название не может быть пустым. Введите название длиной от 1 до { $max } символов.
name-too-long = В этом названии { $length ->
    [one] { $length } символ
    [few] { $length } символа
   *[many] { $length } символов
}, а можно не больше { $max }. Введите название покороче.
name-taken = Список «{ $name }» уже есть. Введите другое название.
list-created = ✅ Список «<b>{ $name }</b>» создан: { clients-count }
btn-download = ⬇️ Скачать
btn-delete = 🗑 Удалить

## Главное меню (постоянная клавиатура) и меню команд
menu-new-list = ➕ Новый список
menu-lists = 📋 Списки
menu-clients = 👥 Из клиентов ботов
menu-placeholder = Введите команду или выберите в меню
cmd-start = Главное меню
cmd-help = Что умеет бот
cmd-cancel = Отменить текущее действие
cmd-new = Новый список из файла
cmd-lists = Просмотр, скачивание и удаление списков
cmd-clients = Новый список из клиентов, с которыми говорили боты
cmd-language = Язык: русский или английский
cmd-users = У кого есть доступ
cmd-grant = Выдать роль: /grant <id|@username> [manager|admin]
cmd-revoke = Забрать роль: /revoke <id|@username> [роль]
cmd-audit = Последние события списков: кто создал, скачал, удалил
cmd-campaigns = Кампании обзвона: подключить или удалить

## Роли
role-title = { $role ->
    [admin] Администратор
   *[manager] Менеджер
}
role-name = { $role ->
    [admin] администратор
   *[manager] менеджер
}

## Старт, справка, отмена, язык
manager-menu =
    Здравствуйте, { $name }! Здесь вы ведёте <b>списки клиентов</b> для исходящих обзвонов и текстовых рассылок.

    Выберите, что сделать: кнопки под этим сообщением или клавиатура меню.
help-manager =
    <b>Бот списков клиентов</b>
    { menu-new-list } — создать список из таблицы (XLS, XLSX или CSV).
    { menu-lists } — просмотреть, скачать или удалить списки.
    { menu-clients } — создать список из клиентов, с которыми говорили боты.

    /cancel прерывает любое действие. /start показывает меню. /language — русский или английский.
help-admin =
    <b>Администратор</b>
    /users — у кого есть доступ
    /grant &lt;id|@username&gt; [manager|admin] — выдать роль (без аргументов я спрошу)
    /revoke &lt;id|@username&gt; [роль] — забрать роль (все роли, если роль не указана)
    /audit — последние события: кто создал, скачал или удалил какой список
    /campaigns — кампании обзвона: подключить или удалить
help-stranger = Этот бот ведёт списки клиентов для исходящих кампаний. Он только для менеджеров компании: отправьте /start, чтобы узнать свой Telegram ID и попросить доступ у администратора.
cancelled = Отменено.
nothing-to-cancel = Нечего отменять.
not-available-yet = Этот раздел пока недоступен.
unknown-input = Не понял. Воспользуйтесь меню ниже или /help.
stale-button = Эта кнопка больше не действует.
language-choose = Выберите язык бота:
language-set = Язык: русский. Продолжайте с того места, где остановились.
language-answer = Русский

## Доступ
no-access-alert = У вас больше нет доступа.
no-access =
    У вас пока нет доступа к этому боту.

    Ваш Telegram ID: <code>{ $id }</code>

    Нажмите <b>Запросить доступ</b>, и администратор получит запрос.
no-access-short = У вас нет доступа к этому боту. Ваш Telegram ID: <code>{ $id }</code>. Отправьте /start.
btn-request-access = 🔑 Запросить доступ
btn-grant-manager = ✅ Дать доступ менеджера
btn-ignore = Отклонить
request-sent = Запрос отправлен администраторам. Я сообщу, когда они решат.
request-already-pending = Ваш запрос уже ждёт администратора. Я сообщу, когда он решит.
request-has-access = У вас уже есть доступ. Отправьте /start.
request-no-admins = Сейчас не удалось связаться ни с одним администратором. Обратитесь к администратору напрямую и назовите свой ID.
request-answer = Запрос отправлен
access-request-for-admin = 🔑 Запрос доступа от { $user }.
access-granted-by-admin = ✅ { $user } теперь менеджер (доступ выдал(а) { $admin }).
access-ignored-by-admin = Запрос доступа от { $user } отклонён, решение принял(а) { $admin }.
request-already-decided = { $status ->
    [granted] Этот запрос уже одобрен.
    [ignored] Этот запрос уже отклонён.
    [pending] Этот запрос уже ждёт решения.
   *[other] Этот запрос уже отозван.
}
access-granted-to-user = ✅ Администратор открыл вам доступ. Добро пожаловать!
access-declined-to-user = Администратор отклонил ваш запрос доступа.

## Ошибки
apology = Извините, у меня что-то пошло не так. Попробуйте ещё раз.

## Каналы (validators.channels: названия из каталога на языке читателя)
channel-title = { $channel ->
    [telephony] Телефония
    [telegram] Telegram
    [whatsapp] WhatsApp
    [viber] Viber
    [vk] ВКонтакте
    [facebook] Facebook Messenger
    [instagram] Instagram
    [chat_widget] Чат-виджет
   *[other] { $channel }
}
channel-id-title = { $channel ->
    [telephony] Телефон
    [telegram] Telegram ID
    [whatsapp] Телефон в WhatsApp
    [viber] Viber ID
    [vk] ID ВКонтакте
    [facebook] Facebook ID
    [instagram] Instagram ID
   *[other] ID клиента
}
channel-description = { $channel ->
    [telephony] номер телефона с кодом страны, только цифры, без +: например, 12015550123.
    [telegram] числовой Telegram ID пользователя (не @username).
    [whatsapp] номер WhatsApp с кодом страны, только цифры, без +.
    [viber] Viber ID пользователя в том виде, в каком его получил бот, например 01234567890A=.
    [vk] числовой ID пользователя ВКонтакте (не короткое имя).
    [facebook] ID клиента в рамках страницы (PSID), который Messenger выдал вашей странице: 5–20 цифр.
    [instagram] ID клиента в рамках аккаунта (IGSID), который получил ваш аккаунт: 5–20 цифр.
   *[other] ID клиента чат-виджета на сайте: 1–128 символов без пробелов.
}
