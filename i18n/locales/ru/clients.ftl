# Сценарий B (/clients): проект, канал, фильтры с живым счётчиком, название, создание.
cl-no-clients =
    Пока не из кого выбирать: клиентов ботов нет.

    Они берутся из отчёта платформы о клиентах: <code>python -m bot import-clients REPORT.xlsx</code>. Чтобы попробовать бота на вымышленных клиентах: <code>python -m bot demo-data</code>.
cl-choose-project =
    👥 <b>Список из клиентов ботов</b>

    Выберите проект бота:
cl-use-project-buttons = Выберите проект кнопками выше или отправьте /cancel.
cl-use-channel-buttons = Выберите канал кнопками выше или отправьте /cancel.
cl-use-filter-buttons = Измените фильтры кнопками выше, введите имя или ID для поиска либо отправьте /cancel.
cl-type-name = Отправьте название списка текстом или /cancel.
cl-dates-prompt = Отправьте даты последней активности в виде <code>01.09.2026-30.09.2026</code> или <code>2026-09-01..2026-09-30</code> (оба дня включительно; одна дата — только этот день).
cl-search-prompt = Отправьте часть имени или ID клиента (регистр не важен).
cl-empty-alert = Под эти фильтры не подходит ни один клиент, в список добавить некого. Ослабьте фильтры.
cl-name-prompt = Назовите новый список (от 1 до { $max } символов) или нажмите на предложенное название:
cl-creating = Создаю список…
cl-gone = Этих клиентов больше нет (данные изменились). Начните заново с /clients.
cl-period-all = За всё время
cl-btn-dates = 📅 Даты…
cl-btn-search = 🔍 Поиск…
cl-btn-reset = ↺ Сбросить фильтры
cl-search-too-long = Слишком длинный запрос: не больше { $limit } символов. Отправьте покороче.
cl-period-button = { $days ->
    [one] { $days } день
    [few] { $days } дня
   *[many] { $days } дней
}
cl-choose-channel =
    👥 Проект <b>{ $project }</b>

    Выберите канал (число клиентов):
cl-clear-search-button = ✖ Поиск «{ $search }»
cl-create-button = ✅ Создать список клиентов ({ $count })
cl-create-button-empty = Создать список клиентов (0 клиентов)
cl-period-last = последние { $days ->
    [one] { $days } день
    [few] { $days } дня
   *[many] { $days } дней
}
cl-period-all-lower = всё время
cl-filters-title = 👥 <b>{ $project }</b> · { $channel }
cl-filters-period = Последняя активность: <b>{ $period }</b>
cl-filters-search = Поиск: <b>{ $search }</b>
cl-filters-no-search = Поиск: —
cl-filters-label = Метка: <b>{ $label }</b>
cl-filters-any-label = Метка: любая
cl-filters-count = Подходящих клиентов: <b>{ $count }</b>
cl-filters-hint = Введите имя или ID для поиска; кнопки меняют остальные фильтры.
cl-filters-none = Ни один клиент не подходит: ослабьте фильтры, чтобы создать список.
cl-bad-dates = Не удалось прочитать «{ $text }» как даты. { cl-dates-prompt }
cl-dates-backwards = Дата окончания раньше даты начала. Сначала укажите более раннюю дату, например 01.09.2026-30.09.2026.
cl-dates-future = Все эти даты позже сегодняшней ({ $today }, UTC): тогда ещё никто не был активен. Отправьте прошедшие даты.
cl-use-default-name = Назвать «{ $name }»
cl-created = { list-created }, канал { $channel }, проект { $project }. Он есть и на странице { menu-lists }.
