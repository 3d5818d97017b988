# Слова в файлах, которые пишет бот: отчёт об ошибках, образцы, выгрузки списков, отчёты об отправке.

## Отчёт о строках загрузки, которые не прошли проверку
file-report-summary-sheet = Сводка
file-report-item = Показатель
file-report-value = Значение
file-report-failed-sheet = Ошибочные строки
file-report-row = Строка
file-report-column = Столбец
file-report-reason = Причина
file-report-what = Что не так
file-report-suggestion = Предлагаемое исправление
file-report-file = Файл
file-report-format = Формат
file-report-sheet = Лист
file-report-other-sheets = Другие листы с данными (не прочитаны)
file-report-more-sheets = Ещё листы (не проверены)
file-report-channel = Канал
file-report-header-row = Строка заголовков
file-report-yes = да
file-report-no = нет
file-report-rows-read = Прочитано строк
file-report-valid = Корректных
file-report-invalid = С ошибками
file-report-duplicates = Пропущено повторов
file-report-normalized = Исправлено значений
file-report-with-suggestion = Строк с предлагаемым исправлением
file-report-suggestions-applied = Применено исправлений
file-report-not-listed = Ошибочных строк нет в списке ниже (учтены выше)
file-report-hidden-columns = Не показано столбцов (за последним столбцом листа)

## Названия каналов в файлах
file-channel-telephony = Телефония
file-channel-telegram = Telegram
file-channel-whatsapp = WhatsApp
file-channel-viber = Viber
file-channel-vk = ВКонтакте
file-channel-facebook = Facebook Messenger
file-channel-instagram = Instagram
file-channel-chat-widget = Чат-виджет

## Заголовки столбцов, которые пишет бот (образцы, выгрузки созданных им списков)
file-column-id-telephony = Телефон
file-column-id-telegram = Telegram ID
file-column-id-whatsapp = Телефон WhatsApp
file-column-id-viber = Viber ID
file-column-id-vk = VK ID
file-column-id-facebook = Facebook ID
file-column-id-instagram = Instagram ID
file-column-id-chat-widget = ID клиента
file-column-first-name = Имя
file-column-last-name = Фамилия
file-column-city = Город
file-column-gmt-zone = Часовой пояс
file-column-priority = Приоритет
file-column-order-number = Номер заказа
file-column-name = Имя
file-column-last-activity = Последняя активность (UTC)
file-column-labels = Метки
file-column-number = Столбец { NUMBER($number, useGrouping: 0) }
file-sample-sheet = Клиенты
file-list-sheet = Список

## Отклонённые номера отправки и итоги звонков кампании по номерам
file-rejected-sheet = Отклонённые номера
file-rejected-row = Строка
file-rejected-phone = Телефон
file-rejected-reason = Причина
file-rejection = { $code ->
    [invalid_phone] Не номер телефона для платформы (7–15 цифр с кодом страны)
   *[other] { $code }
}
file-outcomes-sheet = Итоги звонков
file-outcomes-phone = Телефон
file-outcomes-job-status = Статус задания
file-outcomes-outcome = Итог
file-outcomes-call-result = Результат звонка
file-outcomes-started = Начало
file-outcomes-finished = Окончание
file-outcomes-seconds = Секунды
file-outcome-done = выполнено
file-outcome-in-progress = в процессе
file-outcome-failed = не удалось
file-outcome-unknown = неизвестно
