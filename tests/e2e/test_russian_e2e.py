"""Flow A in Russian against the real bot process: a manager whose Telegram speaks Russian goes from
/start to the downloaded list and reads only Russian (besides what they uploaded)."""

from __future__ import annotations

import csv
import html
import json
import re
from pathlib import Path

import pytest

from i18n import catalog
from tests.e2e.conftest import ADMIN_ID, BotProcess
from tests.fakebot import FakeTelegram
from tests.fakebot.models import BotMessage

pytestmark = pytest.mark.e2e
UK = [f"4474001234{i:02d}" for i in range(3)]  # real-plan UK mobile numbers
# Words of the English texts that must never reach a Russian reader.
ENGLISH = re.compile(r"\b(the|Send|send|file|list|List|Check|Rows|Valid|clients?|Choose|Download|Cancel)\b")


def ru(key: str, **params: object) -> str:
    """The Russian text as the client shows it (HTML tags become entities)."""
    return html.unescape(re.sub(r"<[^>]+>", "", catalog().text("ru", key, **params)))


def assert_russian(message: BotMessage, *data: str) -> None:
    """Cyrillic, and no English word once the uploaded data (file and list names) is taken out."""
    text = message.shown
    for value in data:
        text = text.replace(value, "")
    assert re.search("[а-яё]", text, re.IGNORECASE), message.shown
    assert not ENGLISH.search(text), message.shown
    for button in message.buttons:
        assert not ENGLISH.search(button.replace("XLSX", "").replace("CSV", "")), button


async def test_flow_a_in_russian_from_start_to_download(
    tg: FakeTelegram, bot_process: BotProcess, tmp_path: Path
) -> None:
    await bot_process.start()
    ivan = tg.user(ADMIN_ID, username="ivan", first_name="Иван", language_code="ru")
    default_ru = json.dumps({"type": "default", "language_code": "ru"}, sort_keys=True)
    assert {c["command"]: c["description"] for c in tg.commands[default_ru]}["new"] == ru("cmd-new")

    await ivan.send_text("/start")
    start = await ivan.next_message()
    assert start.text == ru("manager-menu", name="Иван")
    assert ivan.current_reply_keyboard() == ["➕ Новый список", "📋 Списки", "👥 Из клиентов ботов"]
    assert_russian(start)

    await ivan.send_text("➕ Новый список")
    channels = await ivan.next_message()
    assert channels.text == ru("nl-choose-channel")
    assert "📞 Телефония" in channels.buttons
    await ivan.callback_answer(await ivan.press("📞 Телефония", message=channels))
    help_ = await ivan.next_text("отправленный документом")
    assert_russian(help_)
    assert help_.buttons[:2] == ["📄 Образец XLSX", "📄 Образец CSV"]

    path = tmp_path / "Весенние лиды.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(
            [["Телефон", "Имя"], *([phone, f"Клиент {i}"] for i, phone in enumerate(UK))]
        )
    await ivan.upload_document(path, path.name)
    status = await ivan.next_message()
    summary = await ivan.wait_edit(
        status.message_id, lambda m: "Проверка файла" in (m.text or ""), timeout=30
    )
    assert "Прочитано строк: 3" in summary.shown
    assert "Верных: 3" in summary.shown
    assert "Канал: 📞 Телефония" in summary.shown
    assert_russian(summary, path.name)

    await ivan.callback_answer(await ivan.press("✅ Продолжить", message=summary))
    consent = await ivan.next_text("Подтвердите, что эти клиенты")
    assert consent.text == ru("nl-consent", count=3, kind="call")
    assert consent.shown.startswith("Будет добавлено: 3 клиента.")
    assert_russian(consent)

    await ivan.callback_answer(await ivan.press("✅ Подтверждаю", message=consent))
    ask = await ivan.next_text("Назовите список")
    assert_russian(ask, "Весенние лиды")
    await ivan.callback_answer(await ivan.press(ask.buttons[0], message=ask))
    created = await ivan.next_text("создан")
    assert created.shown == "✅ Список «Весенние лиды» создан: 3 клиента, 📞 Телефония."
    assert created.buttons == ["⬇️ Скачать", "🗑 Удалить"]

    query = await ivan.press("⬇️ Скачать", message=created)
    assert (await ivan.callback_answer(query)).text == ru("download-answer")
    preparing = await ivan.next_message()
    assert preparing.text == ru("preparing-file")
    document = await ivan.next_document()
    assert document.caption == "📋 Весенние лиды — 3 клиента"
    assert str(document.file_name).endswith(".xlsx")
