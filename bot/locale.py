"""The user's language for every update: aiogram-i18n's middleware over our own Fluent catalog.

`CatalogCore` serves aiogram-i18n from `i18n.catalog()` (the `.ftl` files are parsed once per
process, the same bundles that background work and files use); `StoredLocale` reads the language
kept with the user (storage.users, set from Telegram's language_code at the first contact) and
writes the one chosen with /language. `Speaking` also sets `i18n.speaking(locale)` around the
handler, so texts are rendered with `tr(key)` without passing the locale along.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram.types import TelegramObject, User
from aiogram_i18n import I18nMiddleware
from aiogram_i18n.cores.base import BaseCore
from aiogram_i18n.managers.base import BaseManager

from i18n import DEFAULT_LOCALE, LOCALES, catalog, locale_for, speaking
from i18n.catalog import LOCALES_DIR
from storage.users import UsersRepo


class CatalogCore(BaseCore[str]):
    """aiogram-i18n's core over `i18n.catalog()`: one loader, `use_isolating=False` in one place."""

    def __init__(self) -> None:
        super().__init__(path=LOCALES_DIR, default_locale=DEFAULT_LOCALE)
        self.locales.update(self.find_locales())  # usable before the dispatcher's start-up too

    def find_locales(self) -> dict[str, str]:
        return {locale: locale for locale in catalog().locales}

    async def shutdown(self) -> None:
        """Keep the locales: texts may still be rendered while the bot stops (BaseCore clears them)."""

    def get(self, message: str, locale: str | None = None, /, **kwargs: Any) -> str:
        return catalog().text(self.get_locale(locale), message, **kwargs)


class StoredLocale(BaseManager):
    """aiogram-i18n's manager: the language stored with the user; else their client's."""

    def __init__(self) -> None:
        super().__init__(default_locale=DEFAULT_LOCALE)

    async def get_locale(self, event_from_user: User | None = None, users: UsersRepo | None = None) -> str:
        if event_from_user is None:
            return DEFAULT_LOCALE
        stored = await users.language(event_from_user.id) if users is not None else None
        return stored if stored in LOCALES else locale_for(event_from_user.language_code)

    async def set_locale(
        self, locale: str, event_from_user: User | None = None, users: UsersRepo | None = None
    ) -> None:
        if event_from_user is not None and users is not None:
            await users.set_language(event_from_user.id, locale)


class Speaking(I18nMiddleware):
    """I18nMiddleware that also sets `i18n.speaking(locale)` for the handler and what it starts."""

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        locale = await self.manager.locale_getter(event=event, **data)
        with self.use_context(locale=locale, data=data), speaking(locale):
            return await handler(event, data)


def i18n_middleware() -> Speaking:
    return Speaking(core=CatalogCore(), manager=StoredLocale(), default_locale=DEFAULT_LOCALE)
