# Почему загруженный файл нельзя использовать (sheets.errors: SheetProblem и параметры) и что делать дальше.

-send-spreadsheet = Пришлите файл XLSX, XLS или CSV.
-resave = Откройте его в Excel или LibreOffice, снова сохраните как XLSX или CSV и пришлите новый файл.
-split = Разделите его на файлы поменьше или удалите лишние строки, столбцы и листы, затем пришлите снова.
-first-sheet = Поместите список на первый лист и пришлите файл снова.

sheet-error-not-a-spreadsheet = Это не таблица (похоже, это { $kind }). { -send-spreadsheet }
sheet-error-xlsb = Двоичные книги Excel (XLSB) не поддерживаются. В Excel выберите Файл → Сохранить как → Книга Excel (.xlsx).
sheet-error-ods = Таблицы OpenDocument (ODS) не поддерживаются. В LibreOffice выберите Файл → Сохранить как → Excel 2007-365 (.xlsx).
sheet-error-html = Веб-страницы, сохранённые как таблицы (HTML), не поддерживаются. Откройте файл в Excel и сохраните его как XLSX.
sheet-error-xml-2003 = Таблицы Excel 2003 в формате XML не поддерживаются. Откройте файл в Excel и сохраните его как XLSX.
sheet-error-encrypted = Файл защищён паролем. Снимите пароль и пришлите файл ещё раз.
sheet-error-unreadable = Не удалось прочитать файл. { -resave }
sheet-error-damaged = Не удалось прочитать файл (он повреждён или загружен не полностью). { -resave }
sheet-error-not-real-excel = Не удалось прочитать файл (он повреждён или это не настоящий файл Excel). { -resave }
sheet-error-unclosed-quote = Не удалось прочитать файл (кавычка, открытая около строки { NUMBER($line, useGrouping: 0) }, не закрыта). { -resave }
sheet-error-xml-declarations = Не удалось прочитать файл (в нём есть объявления XML, которых в таблицах не бывает). { -resave }
sheet-error-empty-xml-part = Не удалось прочитать файл (одна из его XML-частей пуста). { -resave }
sheet-error-too-many-parts = Файл слишком большой для обработки (внутри книги { $parts ->
        [one] { NUMBER($parts, useGrouping: 0) } часть
        [few] { NUMBER($parts, useGrouping: 0) } части
       *[many] { NUMBER($parts, useGrouping: 0) } частей
    }). { -split }
sheet-error-unpacks-to = Файл слишком большой для обработки (в распакованном виде он занимает { $megabytes } МБ). { -split }
sheet-error-compression = Файл слишком большой для обработки (одна из частей сжата в { $ratio ->
        [one] { $ratio } раз
        [few] { $ratio } раза
       *[many] { $ratio } раз
    }). { -split }
sheet-error-sheet-cells = Файл слишком большой для обработки (лист охватывает { $cells ->
        [one] { $cells } ячейку
        [few] { $cells } ячейки
       *[many] { $cells } ячеек
    }). { -split }
sheet-error-result-too-large = Файл слишком большой для обработки (проверенные строки занимают больше { $megabytes } МБ). { -split }
sheet-error-out-of-memory = Файл слишком большой для обработки (ему нужно больше памяти, чем доступно одному файлу). { -split }
sheet-error-too-many-columns = В файле { $columns ->
        [one] { $columns } столбец
        [few] { $columns } столбца
       *[many] { $columns } столбцов
    }, а в таблице их может быть не больше { $max }. Удалите столбцы, которые не нужны списку (номер телефона или ID клиента должен остаться первым), и пришлите файл снова.
sheet-error-too-many-rows = В файле больше { $max ->
        [one] { $max } строки
       *[other] { $max } строк
    } — это предел для таблицы. Разделите его на файлы не больше чем по { $max } строк и пришлите их по очереди.
sheet-error-cell-too-long = В ячейке в строке { $row }, столбце { $column } { $length ->
        [one] { $length } символ
        [few] { $length } символа
       *[many] { $length } символов
    }, а ячейка вмещает не больше { $max ->
        [one] { $max } символа
       *[other] { $max } символов
    }. Сократите или очистите эту ячейку и пришлите файл снова.
sheet-error-empty-file = Файл пустой. { -first-sheet }
sheet-error-no-data = В файле нет данных. { -first-sheet }
sheet-error-no-visible-data = Ни на одном видимом листе файла нет данных. { -first-sheet }
sheet-error-timed-out = Файл читался слишком долго. Сохраните его как CSV или разделите на файлы поменьше и пришлите снова.

## На что похож файл, который не является таблицей ($kind выше)
sheet-kind-png = изображение PNG
sheet-kind-jpeg = изображение JPEG
sheet-kind-gif = изображение GIF
sheet-kind-bmp = изображение BMP
sheet-kind-tiff = изображение TIFF
sheet-kind-pdf = документ PDF
sheet-kind-rar = архив RAR
sheet-kind-7z = архив 7z
sheet-kind-gzip = архив GZIP
sheet-kind-bzip2 = архив BZIP2
sheet-kind-xz = архив XZ
sheet-kind-windows-program = программа для Windows
sheet-kind-program = программа
sheet-kind-rtf = документ RTF
sheet-kind-audio = аудиофайл
sheet-kind-mp3 = аудиофайл MP3
sheet-kind-media = медиафайл
sheet-kind-video = видео или фото
sheet-kind-binary = двоичный файл
sheet-kind-text-document = текстовый документ
sheet-kind-presentation = презентация
sheet-kind-zip = архив ZIP
sheet-kind-word = документ Word
sheet-kind-powerpoint = презентация PowerPoint
sheet-kind-office = файл Office неизвестного типа
sheet-kind-xml = документ XML
