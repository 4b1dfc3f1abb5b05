"""HTTP routes for phones: the page at /j and /j/CODE, and a JSON API under /api/phone/.

An idle phone polls /api/phone/state with the revision it has; when the meeting's revision is
unchanged the answer is a few bytes from one indexed query, and no Streamlit script runs.
"""

from __future__ import annotations

import json
import time
from collections import defaultdict, deque
from pathlib import Path
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from brobygger import meetings
from brobygger.errors import BrobyggerError, InvalidInput, MeetingClosed, UnknownCode
from brobygger.i18n import MESSAGES, t
from brobygger.phone.state import phone_messages, phone_state, poll_revision
from brobygger.store import engine_for

STATIC = Path(__file__).parent / "static"
MAX_BODY = 64 * 1024
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}
STATUS = {
    "error.unknown_code": 404,
    "error.meeting_closed": 410,
    "error.unknown_token": 403,
    "error.exercise_closed": 409,
    "error.exercise_not_open": 409,
    "error.not_found": 404,
    "error.too_many_codes": 429,
}


# Wrong join codes per client address: a phone that mistypes a few times is fine; a script trying
# codes is slowed to a crawl (about 888 million codes exist; 20 tries in 10 minutes get nowhere).
CODE_TRIES = 20
CODE_WINDOW_SECONDS = 600
_wrong_codes: dict[str, deque[float]] = defaultdict(deque)


def _too_many_wrong_codes(client: str, *, failed: bool = False) -> bool:
    now = time.monotonic()
    tries = _wrong_codes[client]
    while tries and now - tries[0] > CODE_WINDOW_SECONDS:
        tries.popleft()
    if failed:
        tries.append(now)
    return len(tries) >= CODE_TRIES


def client_address(request: Request) -> str:
    """The phone's address; behind a reverse proxy on this machine, the one the proxy saw (X-Forwarded-For)."""
    direct = request.client.host if request.client else "unknown"
    forwarded = request.headers.get("x-forwarded-for", "")
    if direct in ("127.0.0.1", "::1") and forwarded:
        return forwarded.split(",")[-1].strip() or direct
    return direct


def _json(data: Any, status: int = 200) -> JSONResponse:
    return JSONResponse(data, status_code=status, headers=SECURITY_HEADERS)


def _error(exc: BrobyggerError, lang: str | None) -> JSONResponse:
    return _json({"error": exc.code, "message": exc.message(lang or "da")}, STATUS.get(exc.code, 400))


def _lang(request: Request, body: dict[str, Any] | None = None) -> str | None:
    """The language the phone asked for, or None to use the programme's own."""
    lang = (body or {}).get("lang") or request.query_params.get("lang")
    return lang if isinstance(lang, str) and lang in ("da", "en", "sv", "nn", "nb") else None


async def _body(request: Request) -> dict[str, Any]:
    """The JSON body, read no further than MAX_BODY. Only application/json is taken, so another web
    site cannot post a form or text/plain here without the browser asking first (CORS preflight)."""
    if request.headers.get("content-type", "").split(";")[0].strip().lower() != "application/json":
        raise InvalidInput("error.response_shape")
    declared = request.headers.get("content-length")
    if declared is not None and (not declared.isdigit() or int(declared) > MAX_BODY):
        raise InvalidInput("error.response_too_large")
    raw = b""
    async for chunk in request.stream():
        raw += chunk
        if len(raw) > MAX_BODY:
            raise InvalidInput("error.response_too_large")
    try:
        data = json.loads(raw or b"{}")
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise InvalidInput("error.response_shape") from None
    if not isinstance(data, dict):
        raise InvalidInput("error.response_shape")
    return data


def _row_id(value: Any, *, optional: bool = False) -> int | None:
    """A row id from a JSON body: a positive integer that fits the database (never a boolean)."""
    if optional and value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or not 0 < value < 2**31:
        raise InvalidInput("error.response_shape")
    return value


async def phone_page(request: Request) -> Response:
    return FileResponse(STATIC / "phone.html", headers={**SECURITY_HEADERS, "Cache-Control": "no-cache"})


async def phone_asset(request: Request) -> Response:
    name = request.path_params["name"]
    if name not in ("phone.js", "phone.css", "log.js"):
        return Response(status_code=404)
    media = "text/javascript" if name.endswith(".js") else "text/css"
    return FileResponse(
        STATIC / name, media_type=media, headers={"Cache-Control": "no-cache", "X-Content-Type-Options": "nosniff"}
    )


async def messages(request: Request) -> Response:
    """The page's texts before it knows the meeting (code entry, errors)."""
    return _json({"messages": phone_messages(_lang(request) or "da")})


async def join(request: Request) -> Response:
    lang = _lang(request)
    client = client_address(request)
    if _too_many_wrong_codes(client):
        return _error(InvalidInput("error.too_many_codes"), lang)
    try:
        body = await _body(request)
        lang = _lang(request, body)
        code, token = body.get("code"), body.get("t")
        if not isinstance(code, str) or (token is not None and not isinstance(token, str)):
            raise UnknownCode()
        meeting, person = await run_in_threadpool(meetings.join_meeting, engine_for(), code, token)
        state = await run_in_threadpool(phone_state, engine_for(), meeting["id"], person.token, lang)
    except UnknownCode as exc:
        _too_many_wrong_codes(client, failed=True)
        return _error(exc, lang)
    except BrobyggerError as exc:
        return _error(exc, lang)
    return _json({"t": person.token, "state": state})


async def state(request: Request) -> Response:
    """The phone's view; `{"rev": N}` alone when nothing changed since the revision it has."""
    lang = _lang(request)
    params = request.query_params
    # The token comes in a header, so it stays out of access and proxy logs.
    code, token, have = params.get("code", ""), request.headers.get("x-brobygger-token", ""), params.get("rev")
    found = await run_in_threadpool(poll_revision, engine_for(), code)
    if found is None:
        return _error(UnknownCode(), lang)
    meeting_id, revision, status = found
    if have is not None and have == str(revision):
        return _json({"rev": revision})
    try:
        data = await run_in_threadpool(phone_state, engine_for(), meeting_id, token, lang)
    except BrobyggerError as exc:
        return _error(exc, lang)
    if status == "closed":
        data["ended"] = t(MeetingClosed.code, data["lang"])
    return _json(data)


async def answer(request: Request) -> Response:
    lang = _lang(request)
    try:
        body = await _body(request)
        lang = _lang(request, body)
        token, run_id = body.get("t"), _row_id(body.get("run_id"))
        stored = await run_in_threadpool(meetings.submit_response, engine_for(), token or "", run_id, body.get("answer"))
    except BrobyggerError as exc:
        return _error(exc, lang)
    return _json({"ok": True, **stored})


async def profile(request: Request) -> Response:
    lang = _lang(request)
    try:
        body = await _body(request)
        lang = _lang(request, body)
        fields = {k: body.get(k) for k in ("name", "organisation", "group")}
        if any(v is not None and not isinstance(v, str) for v in fields.values()):
            raise InvalidInput("error.response_shape")
        person = await run_in_threadpool(meetings.update_profile, engine_for(), body.get("t") or "", **fields)
    except BrobyggerError as exc:
        return _error(exc, lang)
    return _json({"ok": True, "pseudonym": person.pseudonym, "group": person.group or ""})


async def personal_link(request: Request) -> Response:
    """A registered participant's own link: to the programme's live meeting as that person."""
    token = request.path_params["token"]
    try:
        person = await run_in_threadpool(meetings.participant_by_token, engine_for(), token)
        live = await run_in_threadpool(meetings.live_meeting_of, engine_for(), person.programme_id)
    except BrobyggerError:
        return RedirectResponse("/j", status_code=303)
    target = f"/j/{live['join_code']}#t={token}" if live else f"/j#t={token}"
    return RedirectResponse(target, status_code=303, headers={"Referrer-Policy": "no-referrer", "Cache-Control": "no-store"})


async def follow_up(request: Request) -> Response:
    """A participant marks how one of their own actions went."""
    lang = _lang(request)
    try:
        body = await _body(request)
        lang = _lang(request, body)
        action_id, code = _row_id(body.get("action_id")), body.get("code")
        if not isinstance(code, str):
            raise InvalidInput("error.response_shape")
        if not isinstance(body.get("status"), str) or not isinstance(body.get("follow_up", ""), str):
            raise InvalidInput("error.response_shape")
        meeting = await run_in_threadpool(meetings.meeting_by_code, engine_for(), code)
        await run_in_threadpool(
            lambda: meetings.follow_up_action(
                engine_for(),
                action_id,
                body["status"],
                body.get("follow_up", ""),
                meeting_id=meeting["id"],
                token=body.get("t") or "",
            )
        )
    except BrobyggerError as exc:
        return _error(exc, lang)
    return _json({"ok": True})


def _log_state(token: str, lang: str | None) -> dict[str, Any]:
    from brobygger import processes
    from brobygger.kit_library import kit_by_id
    from brobygger.localised import text_of

    engine = engine_for()
    person = meetings.participant_by_token(engine, token)
    programme = meetings.get_programme(engine, person.programme_id)
    lang = lang or programme["language"]
    kit = kit_by_id(engine, programme["kit_id"])

    def catalogue(name: str) -> list[dict[str, str]]:
        entries = kit.catalogues[name].entries if kit and name in kit.catalogues else []
        return [{"id": e.id, "label": text_of(e.title, lang, programme["language"])} for e in entries]

    rows = processes.board(engine, person.programme_id)
    return {
        "programme": programme["name"],
        "processes": [{"id": p["id"], "label": f"{p['advisor_unit']} × {p['company']}"} for p in rows],
        "themes": catalogue("themes"),
        "phases": catalogue("phases"),
        "messages": {k: t(k, lang) for k in MESSAGES if k.startswith(("log.", "phone.save", "error."))},
    }


async def log_page(request: Request) -> Response:
    return FileResponse(STATIC / "log.html", headers={**SECURITY_HEADERS, "Cache-Control": "no-cache"})


async def log_state(request: Request) -> Response:
    lang = _lang(request)
    try:
        data = await run_in_threadpool(_log_state, request.headers.get("x-brobygger-token", ""), lang)
    except BrobyggerError as exc:
        return _error(exc, lang)
    return _json(data)


async def log_entry(request: Request) -> Response:
    """A participant writes in their advisory process's log (a new process is started on the way)."""
    from brobygger import processes
    from brobygger.kit_library import kit_by_id

    lang = _lang(request)
    try:
        body = await _body(request)
        lang = _lang(request, body)
        texts = {k: body.get(k, "") for k in ("theme", "phase", "helped", "hindered", "next_step", "advisor_unit", "company")}
        process_id = _row_id(body.get("process_id"), optional=True)
        if any(not isinstance(v, str) for v in texts.values()):
            raise InvalidInput("error.response_shape")

        def write_entry() -> int:
            engine = engine_for()
            person = meetings.participant_by_token(engine, body.get("t") or "")
            programme = meetings.get_programme(engine, person.programme_id)
            kit = kit_by_id(engine, programme["kit_id"])
            return processes.log_entry(
                engine,
                process_id,
                kit,
                theme=texts["theme"],
                phase=texts["phase"],
                helped=texts["helped"],
                hindered=texts["hindered"],
                next_step=texts["next_step"],
                participant_id=person.id,
                programme_id=person.programme_id,
                new_process=(texts["advisor_unit"], texts["company"]) if process_id is None else None,
            )

        entry = await run_in_threadpool(write_entry)
    except BrobyggerError as exc:
        return _error(exc, lang)
    return _json({"ok": True, "entry": entry})


def phone_routes() -> list[Route]:
    return [
        Route("/j", phone_page),
        Route("/j/{code}", phone_page),
        Route("/p/{token}", personal_link),
        Route("/j/assets/{name}", phone_asset),
        Route("/api/phone/messages", messages),
        Route("/api/phone/join", join, methods=["POST"]),
        Route("/api/phone/state", state),
        Route("/api/phone/answer", answer, methods=["POST"]),
        Route("/api/phone/profile", profile, methods=["POST"]),
        Route("/api/phone/follow-up", follow_up, methods=["POST"]),
        Route("/log", log_page),
        Route("/api/log/state", log_state),
        Route("/api/log/entry", log_entry, methods=["POST"]),
    ]
