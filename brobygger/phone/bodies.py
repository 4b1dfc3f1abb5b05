"""Phone request bodies: read with limits, then validated by pydantic models.

Unknown fields are ignored on every route (an older, cached phone page keeps working); a field of
the wrong type is refused with the route's own refusal, in the language the phone asked for.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from typing import Annotated, Any, ClassVar, TypeVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StrictInt, StrictStr, ValidationError
from starlette.requests import Request

from brobygger import languages
from brobygger.errors import BrobyggerError, InvalidInput

MAX_BODY = 64 * 1024


# A token that is not a string is an unknown token: refused by the service with its own message.
Token = Annotated[str, BeforeValidator(lambda value: value if isinstance(value, str) else "")]
RowId = Annotated[StrictInt, Field(gt=0, lt=2**31)]  # fits the database; never a boolean, float or string


class Body(BaseModel):
    """A POST body: unknown fields ignored (older cached pages), anything else that does not fit is `refusal`."""

    model_config = ConfigDict(extra="ignore", frozen=True)
    refusal: ClassVar[Callable[[], BrobyggerError]] = functools.partial(InvalidInput, "error.response_shape")


class JoinBody(Body):
    # A code that is not a string is a malformed request (a shape error), not a wrong code.
    code: StrictStr
    t: Token | None = None
    k: Annotated[StrictStr, Field(pattern=r"^[A-Za-z0-9_-]{16,64}$")] | None = None  # the phone's key for this join
    known: Annotated[list[Token], Field(max_length=20)] = []  # the phone's tokens from other programmes' meetings


class RecoverBody(Body):
    code: StrictStr
    personal: Annotated[StrictStr, Field(max_length=20)]
    t: Token | None = None  # the new phone's own fresh identity, removed if it holds nothing


class AnswerBody(Body):
    t: Token = ""
    run_id: RowId
    answer: Any = None  # free-form: the exercise type validates it


class ProfileBody(Body):
    t: Token = ""
    name: StrictStr | None = None
    organisation: StrictStr | None = None
    group: StrictStr | None = None


class ConsentBody(Body):
    t: Token = ""
    consent: Any = None  # true or false; anything else is refused by the service with its own message


class FollowUpBody(Body):
    t: Token = ""
    code: StrictStr
    action_id: RowId
    status: StrictStr
    follow_up: StrictStr = ""


class LogEntryBody(Body):
    t: Token = ""
    process_id: RowId | None = None  # None: start a new process with advisor_unit and company
    theme: StrictStr = ""
    phase: StrictStr = ""
    helped: StrictStr = ""
    hindered: StrictStr = ""
    next_step: StrictStr = ""
    advisor_unit: StrictStr = ""
    company: StrictStr = ""


class LogMemberBody(Body):
    t: Token = ""
    process_id: RowId
    pseudonym: StrictStr


B = TypeVar("B", bound=Body)
LANG_KEY = "brobygger.lang"  # where the language asked for is kept in the request's scope


def lang_of(request: Request, body: dict[str, Any] | None = None) -> str | None:
    """The language the phone asked for, or None to use the programme's own."""
    lang = (body or {}).get("lang") or request.query_params.get("lang")
    return lang if isinstance(lang, str) and lang in languages.PHONE else None


async def read_json(request: Request) -> dict[str, Any]:
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


async def parse(request: Request, model: type[B]) -> B:
    """The body as `model`; its language is noted first, so a refusal is in the language asked for."""
    data = await read_json(request)
    request.scope[LANG_KEY] = lang_of(request, data)
    try:
        return model.model_validate(data)
    except ValidationError:
        raise model.refusal() from None
