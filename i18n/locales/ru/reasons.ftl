# Почему строка загруженного файла не принята (validators: Reason, Detail и их параметры).

## Группы, которые считает сводка (reason-<Reason>)
reason-empty = Пустая первая ячейка
reason-not-a-number = Не число
reason-scientific-notation = Экспоненциальная запись (1,2E+10)
reason-too-short = Слишком короткий
reason-too-long = Слишком длинный
reason-unknown-country-code = Неизвестный код страны
reason-invalid-for-country = Нет в плане нумерации страны
reason-invalid-id = Недопустимый ID
reason-bad-timezone = Неверный часовой пояс
reason-bad-priority = Неверный приоритет
reason-control-characters = Управляющие символы
reason-duplicate = Повтор

## Что именно не так (problem-<Detail>)
# $region — «world» для негеографических кодов (+800, +882…), иначе код ISO; $country — название страны.
problem-phone-empty = Номер телефона не указан.
problem-phone-not-a-number = Это не номер телефона: допустимы только цифры, пробелы и + - ( ) .
problem-phone-scientific = Excel показывает этот номер в экспоненциальной записи ({ $value }), поэтому его последние цифры потеряны. Задайте столбцу с телефонами текстовый формат, заново введите или выгрузите номера и загрузите файл ещё раз.
problem-phone-too-short = Слишком короткий номер: всего { $digits ->
        [one] { $digits } цифра
        [few] { $digits } цифры
       *[many] { $digits } цифр
    }, а с кодом страны цифр больше.
problem-phone-too-long = Слишком длинный номер телефона: { $digits ->
        [one] { $digits } цифра
        [few] { $digits } цифры
       *[many] { $digits } цифр
    }.
problem-phone-leading-zero = Код страны не начинается с 0: запишите номер с кодом страны, без 0 или 00 в начале.
problem-phone-no-country-code = Номер не начинается с кода страны ({ $prefix }… — не код страны).
problem-plan-too-short = Слишком короткий номер для плана нумерации { $region ->
        [world] +{ $code }
       *[other] страны { $country }
    }: { $digits ->
        [one] { $digits } цифра
        [few] { $digits } цифры
       *[many] { $digits } цифр
    } после +{ $code }.
problem-plan-too-long = Слишком длинный номер для плана нумерации { $region ->
        [world] +{ $code }
       *[other] страны { $country }
    }: { $digits ->
        [one] { $digits } цифра
        [few] { $digits } цифры
       *[many] { $digits } цифр
    } после +{ $code }.
problem-plan-length = Такого номера нет в плане нумерации { $region ->
        [world] +{ $code }
       *[other] страны { $country }
    }: там не бывает номеров с { $digits ->
        [one] { $digits } цифрой
       *[other] { $digits } цифрами
    } после +{ $code }.
problem-plan-no-such-number = Такого номера нет в плане нумерации { $region ->
        [world] +{ $code }
       *[other] страны { $country }
    }: после +{ $code } таких номеров не бывает.
# $id — что содержит первый столбец канала (id-noun-<канал>)
problem-id-empty = Не указан { $id }.
problem-id-scientific = Excel показывает этот { $id } в экспоненциальной записи ({ $value }), поэтому его цифры потеряны. Задайте столбцу текстовый формат, заново введите или выгрузите ID и загрузите файл ещё раз.
problem-id-not-a-number = { $id } — это число: допустимы только цифры.
problem-id-too-short = Слишком короткий { $id }: нужно не меньше { $min ->
        [one] { $min } цифры
       *[other] { $min } цифр
    }.
problem-id-too-long = Слишком длинный { $id }: допустимо не больше { $max ->
        [one] { $max } цифры
       *[other] { $max } цифр
    }.
problem-id-out-of-range = Это не { $id }: нужно положительное число не больше { $max }.
problem-viber-id = Это не Viber ID: нужно от 12 до 64 символов A–Z, a–z, 0–9, + и /, в конце может стоять =.
problem-widget-id = Это не ID клиента чат-виджета: нужно от 1 до 128 символов без пробелов.
problem-timezone-minutes = Часовой пояс «{ $value }»: минут должно быть меньше 60.
problem-timezone-range = Часовой пояс «{ $value }» вне диапазона −12:00…+14:00.
problem-timezone-unknown = Неизвестный часовой пояс «{ $value }»: укажите смещение, например +03:00 или UTC+3, или название вроде Europe/Moscow.
problem-priority = Приоритет «{ $value }» — не целое число от 0 до { $max }.
problem-duplicate = повтор строки { NUMBER($row, useGrouping: 0) }
problem-unknown = Строка не принята.

## Что содержит первый столбец канала, внутри фраз выше
id-noun-telephony = номер телефона
id-noun-telegram = Telegram ID
id-noun-whatsapp = номер WhatsApp
id-noun-viber = Viber ID
id-noun-vk = VK ID
id-noun-facebook = Facebook ID
id-noun-instagram = Instagram ID
id-noun-chat-widget = ID клиента чат-виджета
