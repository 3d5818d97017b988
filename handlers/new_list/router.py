"""Flow A's routers, in the order their handlers are tried: commands and buttons, the document at a
file step, then each state's catch-all (which takes `is_flow_input`, so commands and menu buttons
reach their own feature from any step)."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command, StateFilter
from aiogram.filters.callback_data import CallbackQueryFilter

from handlers.common.callbacks import MenuAction, MenuCb
from handlers.common.filters import is_flow_input, menu_button, protect
from handlers.new_list import naming, review, start, startup, upload
from handlers.new_list.callbacks import NewListAction, NewListCb
from handlers.new_list.states import TAKES_FILE, NewListStates
from storage.users import Role


def _on(*actions: NewListAction) -> CallbackQueryFilter:
    return NewListCb.filter(F.action.in_(set(actions)))


def cancel_router() -> Router:
    """Included before the global /cancel (handlers.common), so /cancel also discards the pending import."""
    router = Router(name="new_list.cancel")
    router.message.register(start.cancel_command, Command("cancel"), StateFilter(NewListStates))
    return router


def setup() -> Router:
    router = protect(Router(name="new_list"), Role.OUTBOUND_MANAGER)
    message, button = router.message.register, router.callback_query.register
    # start: channel, format help, samples
    message(start.new_list, Command("new"))
    message(start.new_list, F.text.in_(menu_button("menu-new-list")))
    button(start.new_list_button, MenuCb.filter(F.action == MenuAction.NEW_LIST))
    button(start.choose_channel, _on(NewListAction.CHANNEL))
    button(start.send_sample, _on(NewListAction.SAMPLE_XLSX, NewListAction.SAMPLE_CSV))
    message(start.choosing_channel_other, NewListStates.choosing_channel, is_flow_input)
    # upload (before the catch-alls: a document is flow input too)
    message(upload.on_document, StateFilter(*TAKES_FILE), F.document)
    message(upload.waiting_file_other, NewListStates.waiting_file, is_flow_input)
    message(upload.reviewing_other, NewListStates.reviewing, is_flow_input)
    # the summary's buttons
    button(review.view_failed_rows, _on(NewListAction.REPORT))
    button(review.apply_fixes, _on(NewListAction.FIX))
    button(review.accept, _on(NewListAction.ACCEPT))
    button(review.cancel_button, _on(NewListAction.CANCEL))
    # consent and name
    button(naming.confirm, _on(NewListAction.CONFIRM))
    message(naming.consent_other, NewListStates.consent, is_flow_input)
    button(naming.use_default_name, _on(NewListAction.DEFAULT_NAME))
    message(naming.typed_name, NewListStates.naming, F.text, is_flow_input)
    message(naming.naming_other, NewListStates.naming, is_flow_input)
    router.startup.register(startup.on_startup)
    router.shutdown.register(startup.on_shutdown)
    return router
