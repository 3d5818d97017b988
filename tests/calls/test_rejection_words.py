"""A number the bot itself refuses before sending is explained in the reader's language; the
platform's own codes are shown as it sent them."""

from __future__ import annotations

from handlers.calls import texts
from i18n import speaking
from services.push_reports import rejection_reason
from services.push_types import PushSummary


def test_the_bots_own_refusal_is_worded_and_platform_codes_pass_through() -> None:
    assert rejection_reason("en", "invalid_phone").startswith("Not a phone number")
    assert rejection_reason("ru", "invalid_phone").startswith("Не номер телефона")
    assert rejection_reason("ru", "calls.addPhones.duplicate") == "calls.addPhones.duplicate"


def test_a_push_summary_in_russian_words_the_bots_refusal() -> None:
    summary = PushSummary(
        push_id=1,
        campaign_name="Кампания",
        total=3,
        accepted=1,
        rejected=2,
        rejected_by_reason={"invalid_phone": 1, "calls.addPhones.duplicate": 1},
        rejections_stored=2,
    )
    with speaking("ru"):
        text = texts.done("Список", summary)
    assert "Не номер телефона" in text
    assert "calls.addPhones.duplicate" in text
    assert "invalid_phone" not in text
