# Why a row of an uploaded file was not accepted (validators: Reason, Detail and their params).

## The groups a summary counts (reason-<Reason>)
reason-empty = Empty first cell
reason-not-a-number = Not a number
reason-scientific-notation = Scientific notation (1.2E+10)
reason-too-short = Too short
reason-too-long = Too long
reason-unknown-country-code = Unknown country code
reason-invalid-for-country = Not in the country's numbering plan
reason-invalid-id = Not a valid ID
reason-bad-timezone = Bad timezone
reason-bad-priority = Bad priority
reason-control-characters = Control characters
reason-duplicate = Duplicate

## What exactly is wrong (problem-<Detail>)
# $region is "world" for non-geographic calling codes (+800, +882…), else an ISO code; $country its name.
problem-phone-empty = The phone number is empty.
problem-phone-not-a-number = This is not a phone number: only digits, spaces and + - ( ) . are allowed.
problem-phone-scientific = Excel shows this number in scientific notation ({ $value }), so its last digits are lost. Format the phone column as Text, re-enter or re-export the numbers and upload the file again.
problem-phone-too-short = Too short for a phone number with its country code: { $digits ->
        [one] { $digits } digit
       *[other] { $digits } digits
    }.
problem-phone-too-long = Too long for a phone number: { $digits } digits.
problem-phone-leading-zero = Country codes never start with 0: write the number with its country code, without a leading 0 or 00.
problem-phone-no-country-code = The number does not start with a country calling code ({ $prefix }… is not one).
problem-plan-too-short = Too short for the { $region ->
        [world] +{ $code }
       *[other] { $country }
    } numbering plan: { $digits ->
        [one] { $digits } digit
       *[other] { $digits } digits
    } after +{ $code }.
problem-plan-too-long = Too long for the { $region ->
        [world] +{ $code }
       *[other] { $country }
    } numbering plan: { $digits } digits after +{ $code }.
problem-plan-length = Not in the { $region ->
        [world] +{ $code }
       *[other] { $country }
    } numbering plan: no number there has { $digits ->
        [one] { $digits } digit
       *[other] { $digits } digits
    } after +{ $code }.
problem-plan-no-such-number = Not in the { $region ->
        [world] +{ $code }
       *[other] { $country }
    } numbering plan: no such number after +{ $code }.
# $id: what the channel's first column holds (id-noun-<channel>)
problem-id-empty = The { $id } is empty.
problem-id-scientific = Excel shows this { $id } in scientific notation ({ $value }), so its digits are lost. Format the column as Text, re-enter or re-export the IDs and upload the file again.
problem-id-not-a-number = A { $id } is a number: only digits are allowed.
problem-id-too-short = Too short for a { $id }: at least { $min } digits.
problem-id-too-long = Too long for a { $id }: at most { $max } digits.
problem-id-out-of-range = Not a { $id }: a positive number up to { NUMBER($max, useGrouping: 0) }.
problem-viber-id = Not a Viber ID: 12–64 characters A–Z, a–z, 0–9, + and /, with optional = at the end.
problem-widget-id = Not a chat widget client ID: 1–128 characters without spaces.
problem-timezone-minutes = Timezone '{ $value }': minutes must be below 60.
problem-timezone-range = Timezone '{ $value }' is outside −12:00…+14:00.
problem-timezone-unknown = Unknown timezone '{ $value }': use an offset such as +03:00, UTC+3 or a name like Europe/Moscow.
problem-priority = Priority '{ $value }' is not a whole number from 0 to { $max }.
problem-duplicate = duplicate of row { NUMBER($row, useGrouping: 0) }
problem-unknown = The row was not accepted.

## What a channel's first column holds, inside the sentences above
id-noun-telephony = phone number
id-noun-telegram = Telegram ID
id-noun-whatsapp = WhatsApp phone
id-noun-viber = Viber ID
id-noun-vk = VK ID
id-noun-facebook = Facebook ID
id-noun-instagram = Instagram ID
id-noun-chat-widget = chat widget client ID
