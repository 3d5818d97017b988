"""The fake Bot API server: the real HTTP protocol (POST /bot<token>/<method>, form, JSON or
multipart; GET /file/bot<token>/<path>), in memory, on 127.0.0.1 and a random port.

Semantics follow Telegram where bots can trip over them: long polling with offsets, "chat not found"
for users who never wrote, "message is not modified", reply_markup dropped when an edit omits it,
callback queries answerable once, 20 MB getFile limit. On demand: errors such as 429 with retry_after
(`fail_next`), a proxy's HTML error page (`fail_next_with_page`), a request that never gets an answer
(`hang_next`), failed file downloads (`fail_downloads`).
Texts, captions, callback answers and reply markup are refused where Telegram refuses them, with its
error texts (tests/fakebot/rules.py: tdlib's HTML parser, limits counted in UTF-16 after trimming).
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import itertools
import json
import mimetypes
import re
import time
from collections.abc import Callable
from http import HTTPStatus
from typing import Any

from aiohttp import web
from multidict import MultiDictProxy

from tests.fakebot import rules, webhook
from tests.fakebot.models import ApiCall, BotMessage, CallbackAnswer, FileRecord
from tests.fakebot.rules import NOT_MODIFIED, BadRequest

TOKEN = "123456:TEST-fake-token"
BOT_ID = 123456
BOT_USERNAME = "clientlists_test_bot"
DOWNLOAD_LIMIT = 20 * 1024 * 1024
JSON_FIELDS = {"reply_markup", "commands", "scope", "allowed_updates", "reply_parameters", "entities",
               "link_preview_options", "caption_entities"}  # fmt: skip


class ApiError(Exception):
    def __init__(
        self, code: int, description: str, retry_after: int | None = None, *, body: str | None = None
    ) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.retry_after = retry_after
        self.body = body  # sent as text/html instead of Telegram's JSON (a proxy's error page)


# What nginx in front of a Bot API server answers when the server behind it is down.
PROXY_502_HTML = (
    "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
    "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
)


def bad_request(description: str) -> ApiError:
    return ApiError(400, f"Bad Request: {description}")


COMMAND_NAME = re.compile(r"[a-z0-9_]{1,32}")
COMMAND_LANGUAGE = re.compile(r"[a-z]{2}")  # a two-letter ISO 639-1 code, or empty for every language


class Params:
    """Request parameters with Telegram's loose typing (everything may arrive as a string)."""

    def __init__(self, values: dict[str, Any], files: dict[str, web.FileField]) -> None:
        self.values = values
        self.files = files

    def raw(self, name: str) -> Any:
        return self.values.get(name)

    def get_str(self, name: str, default: str | None = None) -> str | None:
        value = self.values.get(name)
        return default if value is None else str(value)

    def get_int(self, name: str, default: int | None = None) -> int | None:
        value = self.values.get(name)
        if value is None or value == "":
            return default
        try:
            return int(value)
        except (TypeError, ValueError):
            raise bad_request(f"invalid {name} specified") from None

    def get_bool(self, name: str) -> bool:
        value = self.values.get(name)
        return value is True or str(value).lower() in {"true", "1"}

    def get_json(self, name: str) -> Any:
        value = self.values.get(name)
        if isinstance(value, str):
            try:
                return json.loads(value)
            except json.JSONDecodeError:
                raise bad_request(f"can't parse {name} JSON object") from None
        return value

    def require_int(self, name: str) -> int:
        value = self.get_int(name)
        if value is None:
            raise bad_request(f"{name} is empty")
        return value


class FakeTelegram:
    """Start with `async with FakeTelegram() as tg:` or `await tg.start()` / `await tg.close()`."""

    def __init__(self, token: str = TOKEN, *, bot_id: int = BOT_ID, bot_username: str = BOT_USERNAME) -> None:
        self.token = token
        self.bot_id = bot_id
        self.bot_username = bot_username
        self.calls: list[ApiCall] = []
        self.chats: dict[int, dict[int, BotMessage]] = {}
        self.chat_info: dict[int, dict[str, Any]] = {}
        self.files: dict[str, FileRecord] = {}
        self.callback_answers: dict[str, CallbackAnswer] = {}
        self.commands: dict[str, list[dict[str, Any]]] = {}
        self.blocked_by: set[int] = set()
        self.users: dict[int, Any] = {}  # FakeUser by id
        self._pending_updates: list[dict[str, Any]] = []
        self._update_ids = itertools.count(1)
        self._message_ids: dict[int, itertools.count[int]] = {}
        self._file_ids = itertools.count(1)
        self._query_ids = itertools.count(1)
        self._callback_owner: dict[str, int] = {}
        self._failures: dict[str, list[ApiError]] = {}
        self._hangs: dict[str, int] = {}
        self._released = asyncio.Event()
        self._download_failures: list[int] = []
        self._changed = asyncio.Condition()
        self._wake = asyncio.Event()
        self._closing = False
        self.webhook = webhook.Deliverer(self)
        self._runner: web.AppRunner | None = None
        self.port = 0

    # --- lifecycle ---------------------------------------------------------------------------

    async def start(self) -> FakeTelegram:
        app = web.Application(client_max_size=256 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_method)
        app.router.add_get("/file/bot{token}/{path:.+}", self._handle_file)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = int(self._runner.addresses[0][1])
        return self

    async def close(self) -> None:
        self._closing = True
        self._wake.set()
        self._released.set()
        await self.webhook.stop()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeTelegram:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    @property
    def base_url(self) -> str:
        """What TELEGRAM_API_URL should be set to."""
        return f"http://127.0.0.1:{self.port}"

    # --- test-side API -----------------------------------------------------------------------

    def user(
        self,
        user_id: int,
        username: str | None = None,
        first_name: str = "Test",
        last_name: str | None = None,
        language_code: str = "en",
    ) -> Any:
        """A test user talking to the bot in a private chat (see tests.fakebot.client.FakeUser)."""
        from tests.fakebot.client import FakeUser

        user = FakeUser(self, user_id, username, first_name, last_name, language_code)
        self.users[user_id] = user
        return user

    def fail_next(
        self,
        method: str,
        *,
        code: int = 429,
        description: str | None = None,
        retry_after: int | None = 1,
        times: int = 1,
    ) -> None:
        """Make the next `times` calls of `method` fail (default: flood control with retry_after)."""
        if description is None:
            description = f"Too Many Requests: retry after {retry_after}" if code == 429 else "Bad Request"
        errors = self._failures.setdefault(method.lower(), [])
        errors.extend(ApiError(code, description, retry_after if code == 429 else None) for _ in range(times))

    def fail_next_with_page(
        self, method: str, *, code: int = 502, body: str = PROXY_502_HTML, times: int = 1
    ) -> None:
        """Make the next `times` calls of `method` get an HTML error page (a proxy's), not JSON."""
        errors = self._failures.setdefault(method.lower(), [])
        errors.extend(ApiError(code, f"HTTP {code} page", body=body) for _ in range(times))

    def hang_next(self, method: str, *, times: int = 1) -> None:
        """Make the next `times` calls of `method` never answer (until close() or release_hangs())."""
        self._hangs[method.lower()] = self._hangs.get(method.lower(), 0) + times

    def release_hangs(self) -> None:
        self._released.set()

    def fail_downloads(self, status: int = 404, *, times: int = 1) -> None:
        """Make the next `times` file downloads (GET /file/bot<token>/…) answer `status`."""
        self._download_failures.extend([status] * times)

    def calls_of(self, method: str) -> list[ApiCall]:
        return [c for c in self.calls if c.method.lower() == method.lower()]

    def messages_in(self, chat_id: int) -> list[BotMessage]:
        return list(self.chats.get(chat_id, {}).values())

    def bot_messages(self, chat_id: int) -> list[BotMessage]:
        return [m for m in self.messages_in(chat_id) if m.from_bot]

    def message(self, chat_id: int, message_id: int) -> BotMessage:
        return self.chats[chat_id][message_id]

    async def wait_for(self, predicate: Callable[[], Any], timeout: float, what: str) -> Any:  # noqa: ASYNC109
        """Wait until `predicate()` is truthy (re-checked on every change); return its value."""
        async with self._changed:
            try:
                return await asyncio.wait_for(self._changed.wait_for(predicate), timeout)
            except TimeoutError:
                raise AssertionError(f"timed out after {timeout}s waiting for {what}") from None

    async def changed(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    # --- updates (called by FakeUser) --------------------------------------------------------

    async def push_update(self, kind: str, payload: dict[str, Any]) -> int:
        update_id = next(self._update_ids)
        self._pending_updates.append({"update_id": update_id, kind: payload})
        self._wake.set()
        await self.changed()
        return update_id

    def next_message_id(self, chat_id: int) -> int:
        return next(self._message_ids.setdefault(chat_id, itertools.count(1)))

    def store(self, message: BotMessage) -> None:
        self.chats.setdefault(message.chat_id, {})[message.message_id] = message

    def register_chat(self, chat: dict[str, Any]) -> None:
        self.chat_info[chat["id"]] = chat

    def new_file(
        self,
        content: bytes,
        *,
        file_name: str | None,
        mime_type: str | None,
        declared_size: int | None,
        kind: str,
    ) -> FileRecord:
        n = next(self._file_ids)
        unique = "AgAD" + hashlib.sha256(content + str(declared_size).encode()).hexdigest()[:16]
        ext = (file_name or "").rsplit(".", 1)[-1] if file_name and "." in file_name else "bin"
        record = FileRecord(
            file_id=f"{kind}-{n}-{unique[4:12]}",
            file_unique_id=unique,
            content=content,
            file_size=len(content) if declared_size is None else declared_size,
            file_name=file_name,
            mime_type=mime_type,
            file_path=f"{kind}s/file_{n}.{ext}",
        )
        self.files[record.file_id] = record
        return record

    def new_query_id(self, user_id: int) -> str:
        query_id = f"{user_id}{next(self._query_ids):06d}"
        self._callback_owner[query_id] = user_id
        return query_id

    # --- JSON shapes -------------------------------------------------------------------------

    def bot_json(self) -> dict[str, Any]:
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": "Client lists",
            "username": self.bot_username,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }

    def message_json(self, message: BotMessage) -> dict[str, Any]:
        chat = self.chat_info.get(message.chat_id, {"id": message.chat_id, "type": "private"})
        data: dict[str, Any] = {"message_id": message.message_id, "date": message.date, "chat": chat}
        if message.from_bot:
            data["from"] = self.bot_json()
        elif message.chat_id in self.users:
            data["from"] = self.users[message.chat_id].json()
        if message.edited_at is not None:
            data["edit_date"] = message.date + 1
        if message.text is not None:
            data["text"] = message.text
        if message.caption is not None:
            data["caption"] = message.caption
        if message.document is not None:
            data["document"] = message.document
        if message.photo is not None:
            data["photo"] = message.photo
        if message.sticker is not None:
            data["sticker"] = message.sticker
        if message.reply_markup and "inline_keyboard" in message.reply_markup:
            data["reply_markup"] = message.reply_markup
        return data

    @staticmethod
    def document_json(record: FileRecord) -> dict[str, Any]:
        data: dict[str, Any] = {
            "file_id": record.file_id,
            "file_unique_id": record.file_unique_id,
            "file_size": record.file_size,
        }
        if record.file_name:
            data["file_name"] = record.file_name
        if record.mime_type:
            data["mime_type"] = record.mime_type
        return data

    # --- HTTP ----------------------------------------------------------------------------------

    async def _read_params(self, request: web.Request) -> Params:
        values: dict[str, Any] = dict(request.query)
        files: dict[str, web.FileField] = {}
        if request.method == "POST" and request.can_read_body:
            if request.content_type == "application/json":
                body = await request.json()
                if isinstance(body, dict):
                    values.update(body)
            else:
                form: MultiDictProxy[Any] = await request.post()
                for key, value in form.items():
                    if isinstance(value, web.FileField):
                        files[key] = value
                    else:
                        values[key] = value
        for key in JSON_FIELDS & values.keys():
            value = values[key]
            if isinstance(value, str) and value[:1] in "[{":
                with contextlib.suppress(json.JSONDecodeError):
                    values[key] = json.loads(value)
        return Params(values, files)

    async def _handle_method(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        if request.match_info["token"] != self.token:
            return web.json_response(
                {"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401
            )
        params = await self._read_params(request)
        shown = dict(params.values)
        for key, upload in params.files.items():
            shown[key] = f"<file {upload.filename}>"
        call = ApiCall(method=method, params=shown, at=time.monotonic(), files=sorted(params.files))
        self.calls.append(call)
        handler = getattr(self, f"api_{method.lower()}", None)
        try:
            if self._hangs.get(method.lower()):
                self._hangs[method.lower()] -= 1
                call.ok, call.error = False, "hung"
                await self.changed()
                await self._released.wait()
                raise ApiError(500, "Internal Server Error: released")
            failures = self._failures.get(method.lower())
            if failures:
                raise failures.pop(0)
            try:
                result = await handler(params) if handler is not None else True
            except BadRequest as exc:
                raise ApiError(400, exc.description) from None
        except ApiError as exc:
            call.ok, call.error = False, exc.description
            await self.changed()
            if exc.body is not None:
                return web.Response(text=exc.body, status=exc.code, content_type="text/html")
            payload: dict[str, Any] = {"ok": False, "error_code": exc.code, "description": exc.description}
            if exc.retry_after is not None:
                payload["parameters"] = {"retry_after": exc.retry_after}
            return web.json_response(payload, status=exc.code)
        await self.changed()
        return web.json_response({"ok": True, "result": result})

    async def _handle_file(self, request: web.Request) -> web.StreamResponse:
        if request.match_info["token"] != self.token:
            raise web.HTTPUnauthorized()
        path = request.match_info["path"]
        record = next((f for f in self.files.values() if f.file_path == path), None)
        if self._download_failures:
            status = self._download_failures.pop(0)
            return web.Response(status=status, text=HTTPStatus(status).phrase)
        if record is None:
            raise web.HTTPNotFound()
        return web.Response(body=record.content, content_type="application/octet-stream")

    # --- methods -------------------------------------------------------------------------------

    async def api_getme(self, p: Params) -> Any:
        return self.bot_json()

    # --- webhook (tests.fakebot.webhook delivers) ---------------------------------------------

    def pending_updates(self) -> list[dict[str, Any]]:
        return list(self._pending_updates)

    def delivered(self, update_id: int) -> None:
        self._pending_updates = [u for u in self._pending_updates if u["update_id"] != update_id]

    def nudge(self) -> None:
        """Wake the webhook's delivery loop: a delivery ended, so another may start."""
        self._wake.set()

    async def wait_for_updates(self, timeout: float) -> None:  # noqa: ASYNC109
        # asyncio.timeout, not wait_for: Python 3.11's wait_for loses a cancellation that comes as
        # the event is set (close() does both), and the delivery loop would never end.
        self._wake.clear()
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(timeout):
                await self._wake.wait()

    async def api_setwebhook(self, p: Params) -> Any:
        url = p.get_str("url") or ""
        if not url:  # Telegram: an empty URL removes the webhook
            await self.webhook.remove()
            return True
        try:
            hook = webhook.check(url, p.get_str("secret_token"), p.get_int("max_connections"))
        except webhook.WebhookRefused as exc:
            raise ApiError(400, str(exc)) from None
        if p.get_bool("drop_pending_updates"):
            self._pending_updates.clear()
        self.webhook.set(hook)
        return True

    async def api_deletewebhook(self, p: Params) -> Any:
        if p.get_bool("drop_pending_updates"):
            self._pending_updates.clear()
        await self.webhook.remove()
        return True

    async def api_getwebhookinfo(self, p: Params) -> Any:
        hook = self.webhook.webhook
        return {
            "url": hook.url if hook else "",
            "has_custom_certificate": False,
            "pending_update_count": len(self._pending_updates),
            "max_connections": hook.max_connections if hook else None,
        }

    async def api_getupdates(self, p: Params) -> Any:
        if self.webhook.webhook is not None:
            raise ApiError(409, webhook.GET_UPDATES_CONFLICT)
        offset = p.get_int("offset", 0) or 0
        timeout = min(p.get_int("timeout", 0) or 0, 50)
        limit = p.get_int("limit", 100) or 100
        if offset:
            self._pending_updates = [u for u in self._pending_updates if u["update_id"] >= offset]
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            ready = [u for u in self._pending_updates if u["update_id"] >= offset]
            if ready or self._closing:
                return ready[:limit]
            remaining = deadline - loop.time()
            if remaining <= 0:
                return []
            self._wake.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), remaining)

    async def api_setmycommands(self, p: Params) -> Any:
        """Kept per scope and language, as Telegram does; refuses what Telegram refuses."""
        scope = p.get_json("scope") or {"type": "default"}
        if scope.get("type") == "chat":
            self._chat(scope.get("chat_id"))
        language = p.get_str("language_code") or ""
        if language and not COMMAND_LANGUAGE.fullmatch(language):
            raise bad_request("invalid language code specified")
        commands = p.get_json("commands") or []
        if not isinstance(commands, list) or len(commands) > 100:
            raise bad_request("too many commands specified")
        for command in commands:
            name = command.get("command", "") if isinstance(command, dict) else ""
            description = command.get("description", "") if isinstance(command, dict) else ""
            if not COMMAND_NAME.fullmatch(str(name).lstrip("/")):
                raise bad_request("BOT_COMMAND_INVALID")
            if not 1 <= len(str(description).strip()) <= 256:
                raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
        self.commands[json.dumps({**scope, "language_code": language}, sort_keys=True)] = commands
        return True

    def _chat(self, chat_id: Any) -> int:
        try:
            cid = int(chat_id)
        except (TypeError, ValueError):
            raise bad_request("chat not found") from None
        if cid not in self.chat_info:
            raise bad_request("chat not found")
        if cid in self.blocked_by:
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        return cid

    @staticmethod
    def _text(text: str | None, parse_mode: str | None, *, caption: bool = False) -> tuple[str, str]:
        """(what the user sees, what the bot sent); BadRequest where Telegram refuses (see rules)."""
        return rules.formatted_text(text, parse_mode, caption=caption), text or ""

    def _markup(self, p: Params) -> dict[str, Any] | None:
        return rules.reply_markup(p.raw("reply_markup"))

    def _new_bot_message(self, chat_id: int, **fields: Any) -> BotMessage:
        message = BotMessage(
            chat_id=chat_id,
            message_id=self.next_message_id(chat_id),
            from_bot=True,
            date=int(time.time()),
            at=time.monotonic(),
            **fields,
        )
        self.store(message)
        if chat_id in self.users:
            self.users[chat_id].deliver(message)
        return message

    async def api_sendmessage(self, p: Params) -> Any:
        chat_id = self._chat(p.raw("chat_id"))
        plain, raw = self._text(p.get_str("text"), p.get_str("parse_mode"))
        message = self._new_bot_message(chat_id, text=plain, html=raw, reply_markup=self._markup(p))
        return self.message_json(message)

    async def api_senddocument(self, p: Params) -> Any:
        chat_id = self._chat(p.raw("chat_id"))
        document = p.raw("document")
        upload: web.FileField | None = None
        by_file_id = False
        if "document" in p.files:
            upload = p.files["document"]
        elif isinstance(document, str) and document.startswith("attach://"):
            upload = p.files.get(document.removeprefix("attach://"))
            if upload is None:
                raise bad_request("wrong file identifier/HTTP URL specified")
        if upload is not None:
            content = upload.file.read()
            if not content:
                raise bad_request("file must be non-empty")
            mime = upload.content_type
            if not mime or mime == "application/octet-stream":
                mime = mimetypes.guess_type(upload.filename or "")[0] or "application/octet-stream"
            record = self.new_file(
                content, file_name=upload.filename, mime_type=mime, declared_size=None, kind="document"
            )
        elif isinstance(document, str) and document in self.files:
            record, by_file_id = self.files[document], True
        else:
            raise bad_request("wrong file identifier/HTTP URL specified")
        caption = p.get_str("caption")
        plain_caption = None
        if caption:
            plain_caption, _ = self._text(caption, p.get_str("parse_mode"), caption=True)
        message = self._new_bot_message(
            chat_id,
            caption=plain_caption,
            html=caption,
            document=self.document_json(record),
            reply_markup=self._markup(p),
            sent_by_file_id=by_file_id,
        )
        return self.message_json(message)

    def _editable(self, p: Params) -> BotMessage:
        if p.raw("inline_message_id"):
            raise bad_request("inline messages are not supported by the fake server")
        chat_id = self._chat(p.raw("chat_id"))
        message_id = p.require_int("message_id")
        message = self.chats.get(chat_id, {}).get(message_id)
        if message is None or message.deleted:
            raise bad_request("message to edit not found")
        if not message.from_bot:
            raise bad_request("message can't be edited")
        return message

    def _apply_edit(self, message: BotMessage, **fields: Any) -> Any:
        message.edits.append(message.text if message.text is not None else message.caption)
        for key, value in fields.items():
            setattr(message, key, value)
        message.version += 1
        message.edited_at = time.monotonic()
        return self.message_json(message)

    async def api_editmessagetext(self, p: Params) -> Any:
        message = self._editable(p)
        if message.text is None:
            raise bad_request("there is no text in the message to edit")
        plain, raw = self._text(p.get_str("text"), p.get_str("parse_mode"))
        markup = self._markup(p)
        old_inline = (
            message.reply_markup
            if message.reply_markup and "inline_keyboard" in message.reply_markup
            else None
        )
        if plain == message.text and raw == message.html and markup == old_inline:
            raise bad_request(NOT_MODIFIED)
        return self._apply_edit(message, text=plain, html=raw, reply_markup=markup)

    async def api_editmessagecaption(self, p: Params) -> Any:
        message = self._editable(p)
        plain, raw = self._text(p.get_str("caption"), p.get_str("parse_mode"), caption=True)
        markup = self._markup(p)
        if plain == (message.caption or "") and markup == message.reply_markup:
            raise bad_request(NOT_MODIFIED)
        return self._apply_edit(message, caption=plain, html=raw, reply_markup=markup)

    async def api_editmessagereplymarkup(self, p: Params) -> Any:
        message = self._editable(p)
        markup = self._markup(p)
        old_inline = (
            message.reply_markup
            if message.reply_markup and "inline_keyboard" in message.reply_markup
            else None
        )
        if markup == old_inline:
            raise bad_request(NOT_MODIFIED)
        message.edits.append(message.text)
        message.reply_markup = markup
        message.version += 1
        message.edited_at = time.monotonic()
        return self.message_json(message)

    async def api_deletemessage(self, p: Params) -> Any:
        chat_id = self._chat(p.raw("chat_id"))
        message = self.chats.get(chat_id, {}).get(p.require_int("message_id"))
        if message is None or message.deleted:
            raise bad_request("message to delete not found")
        message.deleted = True
        message.version += 1
        return True

    async def api_answercallbackquery(self, p: Params) -> Any:
        query_id = p.get_str("callback_query_id") or ""
        if query_id not in self._callback_owner or query_id in self.callback_answers:
            raise bad_request("query is too old and response timeout expired or query ID is invalid")
        text = rules.callback_answer_text(p.get_str("text"))
        answer = CallbackAnswer(
            callback_query_id=query_id,
            user_id=self._callback_owner[query_id],
            text=text,
            show_alert=p.get_bool("show_alert"),
            at=time.monotonic(),
        )
        self.callback_answers[query_id] = answer
        return True

    async def api_sendchataction(self, p: Params) -> Any:
        self._chat(p.raw("chat_id"))
        return True

    async def api_getfile(self, p: Params) -> Any:
        record = self.files.get(p.get_str("file_id") or "")
        if record is None:
            raise bad_request("invalid file_id")
        if record.file_size > DOWNLOAD_LIMIT:
            raise bad_request("file is too big")
        return {
            "file_id": record.file_id,
            "file_unique_id": record.file_unique_id,
            "file_size": record.file_size,
            "file_path": record.file_path,
        }
