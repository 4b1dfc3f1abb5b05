"""HTTP routes for phones: the page at /j and /j/CODE, and a JSON API under /api/phone/.

An idle phone polls /api/phone/state with the revision it has; when the meeting's revision is
unchanged the answer is a few bytes from one indexed query, and no Streamlit script runs. Each
request is one transaction: reads see one snapshot, a write is all or nothing.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from sqlalchemy.engine import Connection, Engine
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from brobygger import languages, services, settings
from brobygger.errors import BrobyggerError, InvalidInput, MeetingClosed, UnknownCode, UnknownToken
from brobygger.i18n import t
from brobygger.phone import assets, log
from brobygger.phone.bodies import (
    LANG_KEY,
    AnswerBody,
    ConsentBody,
    FollowUpBody,
    JoinBody,
    LogEntryBody,
    LogMemberBody,
    ProfileBody,
    RecoverBody,
    lang_of,
    parse,
)
from brobygger.phone.state import phone_messages, phone_state, poll_revision
from brobygger.services import actions, consent, participants, programmes, responses, throttle
from brobygger.store import engine_for

SECURITY_HEADERS = {**assets.PAGE_HEADERS, "Cache-Control": "no-store"}
STATUS = {
    "error.unknown_code": 404,
    "error.meeting_closed": 410,
    "error.unknown_token": 403,
    "error.exercise_closed": 409,
    "error.exercise_not_open": 409,
    "error.not_found": 404,
    "error.too_many_codes": 429,
}
Endpoint = Callable[[Request], Awaitable[Response]]
T = TypeVar("T")


async def _in(open_connection: Callable[[Engine], Any], service: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """`service(conn, ...)` on a connection from `open_connection`, off the event loop."""

    def run() -> T:
        with open_connection(engine_for()) as conn:
            return service(conn, *args, **kwargs)

    return await run_in_threadpool(run)


def _read(service: Callable[..., T], *args: Any, **kwargs: Any) -> Awaitable[T]:
    """In one read transaction."""
    return _in(services.reading, service, *args, **kwargs)


def _peek(service: Callable[..., T], *args: Any, **kwargs: Any) -> Awaitable[T]:
    """A single-query read with no transaction around it: the idle phone's poll, the hottest path."""
    return _in(Engine.connect, service, *args, **kwargs)


def _write(service: Callable[..., T], *args: Any, **kwargs: Any) -> Awaitable[T]:
    """In one write transaction."""
    return _in(services.writing, service, *args, **kwargs)


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
    return _json({"error": exc.code, "message": exc.message(lang or languages.DEFAULT)}, STATUS.get(exc.code, 400))


def json_api(endpoint: Endpoint) -> Endpoint:
    """Wrap a JSON endpoint so its body is straight-line code: a `BrobyggerError` raised anywhere in it
    (a bad body included) becomes the JSON refusal with its status."""

    @functools.wraps(endpoint)
    async def route(request: Request) -> Response:
        try:
            return await endpoint(request)
        except BrobyggerError as exc:
            return _error(exc, request.scope.get(LANG_KEY) or lang_of(request))  # the body's language once read

    return route


async def _refuse_code(request: Request) -> BrobyggerError:
    """One answer for a code that does not exist and a token that does not fit it, counted as a wrong
    try of the client's address; once it has too many, the answer says so (the same for every code)."""
    engine, client = engine_for(), client_address(request)

    def count() -> int:
        if throttle.count_miss(engine, throttle.CODE_MISSES, "code", client):
            return 0
        return throttle.wait_seconds(engine, throttle.CODE_MISSES, "code", client)

    wait = await run_in_threadpool(count)
    return InvalidInput("error.too_many_codes", minutes=-(-wait // 60)) if wait else UnknownCode()


@json_api
async def messages(request: Request) -> Response:
    """The page's texts before it knows the meeting (code entry, errors)."""
    return _json({"messages": phone_messages(lang_of(request) or languages.DEFAULT)})


@json_api
async def join(request: Request) -> Response:
    """A phone joins by code. Wrong codes count against its address; an address with too many may
    still rejoin as the person it is (token or join key), and nobody else may join from it for a while."""
    body = await parse(request, JoinBody)
    engine, client = engine_for(), client_address(request)
    wait = await run_in_threadpool(throttle.wait_seconds, engine, throttle.CODE_MISSES, "code", client)
    try:
        meeting, person = await _write(participants.join_meeting, body.code, body.t, body.k, newcomers=not wait, known=body.known)
    except UnknownCode:
        raise await _refuse_code(request) from None
    state = await _read(phone_state, meeting["id"], person.token, request.scope[LANG_KEY])
    return _json({"t": person.token, "programme": person.programme_id, "state": state})


@json_api
async def recover(request: Request) -> Response:
    """A person on a new phone types their personal code: they are themselves again. A wrong personal code
    counts as a wrong try of the address (as a wrong join code does), so codes cannot be tried in bulk."""
    body = await parse(request, RecoverBody)
    engine, client = engine_for(), client_address(request)
    wait = await run_in_threadpool(throttle.wait_seconds, engine, throttle.CODE_MISSES, "code", client)
    if wait:
        raise InvalidInput("error.too_many_codes", minutes=-(-wait // 60))
    try:
        meeting, person = await _write(services.identity.recover_identity, body.code, body.personal, body.t)
    except UnknownCode:
        raise await _refuse_code(request) from None
    except InvalidInput as exc:
        refusal = await _refuse_code(request)
        raise (exc if isinstance(refusal, UnknownCode) else refusal) from None
    state = await _read(phone_state, meeting["id"], person.token, request.scope[LANG_KEY])
    return _json({"t": person.token, "programme": person.programme_id, "state": state})


@json_api
async def state(request: Request) -> Response:
    """The phone's view; `{"rev": N}` alone when nothing changed since the revision it has.

    A code that does not exist and a token that is not of the code's programme get the same answer,
    so polling cannot tell an attacker which codes exist."""
    params = request.query_params
    # The token comes in a header, so it stays out of access and proxy logs.
    code, token, have = params.get("code", ""), request.headers.get("x-brobygger-token", ""), params.get("rev")
    found = await _peek(poll_revision, code, token)
    if found is None:
        raise await _refuse_code(request)
    meeting_id, revision, status = found
    if have is not None and have == str(revision):
        return _json({"rev": revision})
    data = await _read(phone_state, meeting_id, token, lang_of(request))
    if status == "closed":
        data["ended"] = t(MeetingClosed.code, data["lang"])
    return _json(data)


@json_api
async def answer(request: Request) -> Response:
    body = await parse(request, AnswerBody)
    stored = await _write(responses.submit_response, body.t, body.run_id, body.answer)
    return _json({"ok": True, **stored})


@json_api
async def profile(request: Request) -> Response:
    body = await parse(request, ProfileBody)
    person = await _write(participants.update_profile, body.t, **body.model_dump(include={"name", "organisation", "group"}))
    return _json({"ok": True, "pseudonym": person.pseudonym, "group": person.group or ""})


@json_api
async def research_consent(request: Request) -> Response:
    """The participant says yes or no to research use, the first time or again from "My data"."""
    body = await parse(request, ConsentBody)
    choice = await _write(consent.set_consent, body.t, body.consent)
    return _json({"ok": True, "choice": choice.consent, "at": choice.at.isoformat() if choice.at else None})


def _live_meeting_of(conn: Connection, token: str) -> tuple[Any, dict[str, Any] | None]:
    person = participants.participant_by_token(conn, token)
    return person, programmes.live_meeting_of(conn, person.programme_id)


async def personal_link(request: Request) -> Response:
    """A registered participant's own link: to the programme's live meeting as that person."""
    token = request.path_params["token"]
    try:
        _, live = await _read(_live_meeting_of, token)
    except BrobyggerError:
        return RedirectResponse("/j", status_code=303)
    target = f"/j/{live['join_code']}#t={token}" if live else f"/j#t={token}"
    return RedirectResponse(target, status_code=303, headers={"Referrer-Policy": "no-referrer", "Cache-Control": "no-store"})


def _follow_up(conn: Connection, body: FollowUpBody) -> None:
    """The meeting, the person and the action must all be of one programme; anything else is a wrong code."""
    try:
        meeting = programmes.meeting_by_code(conn, body.code)
        person = participants.participant_by_token(conn, body.t)
    except (UnknownCode, UnknownToken, MeetingClosed):
        raise UnknownCode() from None
    if person.programme_id != meeting["programme_id"]:
        raise UnknownCode()
    actions.follow_up_action(
        conn,
        body.action_id,
        body.status,
        body.follow_up,
        meeting_id=meeting["id"],
        token=body.t,
        programme_id=person.programme_id,
    )


@json_api
async def follow_up(request: Request) -> Response:
    """A participant marks how one of their own actions went."""
    body = await parse(request, FollowUpBody)
    try:
        await _write(_follow_up, body)
    except UnknownCode:
        raise await _refuse_code(request) from None
    return _json({"ok": True})


@json_api
async def log_state(request: Request) -> Response:
    return _json(await _read(log.log_view, request.headers.get("x-brobygger-token", ""), lang_of(request)))


@json_api
async def log_entry(request: Request) -> Response:
    """A participant writes in their advisory process's log (a new process is started on the way)."""
    body = await parse(request, LogEntryBody)
    texts = body.model_dump(include={"theme", "phase", "helped", "hindered", "next_step"})
    new_process = (body.advisor_unit, body.company) if body.process_id is None else None
    return _json({"ok": True, **await _write(log.write_entry, body.t, body.process_id, texts, new_process)})


@json_api
async def log_member(request: Request) -> Response:
    """One of a process's people lets another participant write in its log."""
    body = await parse(request, LogMemberBody)
    return _json({"ok": True, "pseudonym": await _write(log.add_member, body.t, body.process_id, body.pseudonym)})


async def remember_moderator(request: Request) -> Response:
    """Set the moderator's session cookie from a token the signed-in page just made (an <img> loads this),
    so a reload or a server restart does not ask for the secret again. An invalid token sets nothing."""
    token = request.query_params.get("t", "")
    response = Response(status_code=204, headers={"Cache-Control": "no-store"})
    if settings.moderator_token_valid(token):
        response.set_cookie(
            settings.MODERATOR_COOKIE,
            token,
            max_age=settings.MODERATOR_SESSION_SECONDS,
            httponly=True,
            samesite="strict",
            secure=request.url.scheme == "https",
        )
    return response


def phone_routes() -> list[Route]:
    return [
        Route("/auth/remember", remember_moderator),
        Route("/j", assets.phone_page),
        Route("/j/{code}", assets.phone_page),
        Route("/p/{token}", personal_link),
        Route("/j/assets/{name}", assets.phone_asset),
        Route("/api/phone/messages", messages),
        Route("/api/phone/join", join, methods=["POST"]),
        Route("/api/phone/recover", recover, methods=["POST"]),
        Route("/api/phone/state", state),
        Route("/api/phone/answer", answer, methods=["POST"]),
        Route("/api/phone/profile", profile, methods=["POST"]),
        Route("/api/phone/consent", research_consent, methods=["POST"]),
        Route("/api/phone/follow-up", follow_up, methods=["POST"]),
        Route("/log", assets.log_page),
        Route("/api/log/state", log_state),
        Route("/api/log/entry", log_entry, methods=["POST"]),
        Route("/api/log/member", log_member, methods=["POST"]),
    ]
