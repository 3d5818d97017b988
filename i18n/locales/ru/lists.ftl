# Сценарий C: страница списков, карточка списка, скачивание, удаление; и /audit.
lists-empty =
    Списков клиентов пока нет.

    Создайте список кнопкой { menu-new-list } (из таблицы) или { menu-clients }.
list-gone = Этого списка больше нет.
preparing-file = ⏳ Готовлю файл…
download-answer = Отправляю файл…
deleted-answer = Удалено
btn-list-back = « Назад
btn-all-lists = « Все списки
btn-confirm-delete = Да, удалить
btn-cancel-delete = Отмена
lists-page =
    📋 <b>Списки клиентов</b>: { $total }
    Нажмите на список, чтобы скачать или удалить его.
lists-page-of =
    📋 <b>Списки клиентов</b>: { $total } · страница { $page } из { $pages }
    Нажмите на список, чтобы скачать или удалить его.

## Откуда список
source-project = проект { $project }
source-period = активность за последние { $days ->
    [one] { $days } день
    [few] { $days } дня
   *[many] { $days } дней
}
source-active = активность { $range }
source-search = поиск «{ $search }»
source-label = метка { $label }
source-clients = из клиентов ботов ({ $filters })
source-clients-all = из клиентов ботов, без фильтров
source-file = файл <i>{ $name }</i>
source-uploaded = загруженный файл

## Карточка
list-card =
    📋 <b>{ $name }</b>

    Канал: { $channel }
    Размер: { clients-count }
    Источник: { $source }
    Создал(а): { $creator }
    Создан: { $created }
list-sent = 📞 { $campaign } · { $at } · { $status ->
    [done] принято { $accepted }
    [running] отправляется, отправлено { $done }
    [pending] ждёт начала
    [failed] остановлено, принято { $accepted }
    [cancelled] отменено, принято { $accepted }
   *[other] { $raw }
}
confirm-delete = Удалить «{ $name }» ({ clients-count })? Это нельзя отменить.
list-deleted = 🗑 Список «{ $name }» ({ clients-count }) удалён.
list-file-caption = 📋 { $name } — { clients-count }
list-file-values-cut = ⚠️ В этом файле { $cut ->
    [one] пришлось обрезать { $cut } значение
    [few] пришлось обрезать { $cut } значения
   *[many] пришлось обрезать { $cut } значений
} длиннее предела Excel — 32 767 символов в ячейке.

## /audit
audit-empty = Событий со списками пока нет.
audit-action = { $action ->
    [created] создал(а) список
    [downloaded] скачал(а) список
    [deleted] удалил(а) список
    [sent_to_campaign] отправил(а) в кампанию обзвона список
    [campaign_paused] приостановил(а) кампанию обзвона по списку
    [campaign_resumed] возобновил(а) кампанию обзвона по списку
    [campaign_stopped] остановил(а) кампанию обзвона по списку
   *[other] { $raw }
}
audit-a-list = без названия
audit-line = • { $at } — { $who } { audit-action } { $target }{ $number }
audit-events = <b>Последние события со списками</b> ({ $count }, сначала новые):
