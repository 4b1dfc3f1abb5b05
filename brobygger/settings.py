"""Every setting in one place: its name, default, what it is for and what a valid value looks like.

The `Settings` class is the one declaration: `python -m brobygger settings` prints it as the README's
table (a test keeps the two equal), and a malformed value is refused with a message that names the
variable, what was given and what is expected, instead of being silently replaced by a default.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import hmac
import os
import secrets
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
PREFIX = "BROBYGGER_"


class SettingsError(ValueError):
    """A setting has a malformed value; `str(error)` says which, what was given and what is expected."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _doc(expects: str, shown_default: str | None = None) -> dict[str, Any]:
    """Extra field metadata: what a valid value looks like, and the default as the docs show it."""
    extra: dict[str, Any] = {"expects": expects}
    if shown_default is not None:
        extra["shown_default"] = shown_default
    return extra


class Settings(BaseSettings):
    """The environment variables Brobygger reads (each as BROBYGGER_ + the field name in capitals)."""

    model_config = SettingsConfigDict(env_prefix=PREFIX, env_ignore_empty=True, extra="ignore", frozen=True)

    database_url: str = Field(
        default=f"sqlite:///{DATA_DIR / 'brobygger.db'}",
        description="SQLAlchemy URL of the store; PostgreSQL as `postgresql+psycopg://user@host/db`",
        json_schema_extra=_doc("a SQLAlchemy URL such as postgresql+psycopg://user@host/db", "`sqlite:///data/brobygger.db`"),
    )
    secret: SecretStr | None = Field(
        default=None,
        description="opens Moderate and Organise",
        json_schema_extra=_doc("any text", "generated into `data/moderator-secret.txt`"),
    )
    public_url: str | None = Field(
        default=None,
        description="the address phones use (goes into the QR code)",
        json_schema_extra=_doc(
            "an http:// or https:// URL such as https://workshop.example.org", "this machine's address on the network"
        ),
    )
    port: int = Field(
        default=8501,
        ge=1,
        le=65535,
        description="port for `make run` (also `make run PORT=9000`)",
        json_schema_extra=_doc("a port number from 1 to 65535"),
    )
    min_group_size: int = Field(
        default=3,
        ge=1,
        description="fewest answers a group needs before its results are shown on their own (privacy)",
        json_schema_extra=_doc("a whole number of at least 1"),
    )
    redis_url: str | None = Field(
        default=None,
        description="Redis for the rate limits (wrong join codes, wrong secrets) when several servers share them; "
        "without it they are counted in the database",
        json_schema_extra=_doc("a redis:// URL such as redis://127.0.0.1:6379/0", "none: counted in the database"),
    )
    header_timeout: float = Field(
        default=10.0,
        gt=0,
        le=300,
        description="seconds a client may take to send a request's headers before the server closes the connection",
        json_schema_extra=_doc("seconds, more than 0 and at most 300"),
    )
    body_timeout: float = Field(
        default=30.0,
        gt=0,
        le=600,
        description="seconds a client may take to send a request's body after its headers",
        json_schema_extra=_doc("seconds, more than 0 and at most 600"),
    )
    timezone: str = Field(
        default="Europe/Copenhagen",
        description="time zone of the clocks on the projector and the console",
        json_schema_extra=_doc("an IANA time zone name such as Europe/Copenhagen"),
    )

    @field_validator("database_url")
    @classmethod
    def _database_url(cls, value: str) -> str:
        from sqlalchemy.engine import make_url
        from sqlalchemy.exc import ArgumentError

        try:
            make_url(value)
        except (ArgumentError, ValueError) as exc:
            raise ValueError("not a SQLAlchemy URL") from exc
        return value

    @field_validator("public_url")
    @classmethod
    def _public_url(cls, value: str | None) -> str | None:
        if value is None:
            return None
        parts = urlsplit(value.strip())
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError("not an http(s) URL")
        return value.strip().rstrip("/")

    @field_validator("redis_url")
    @classmethod
    def _redis_url(cls, value: str | None) -> str | None:
        if value is None:
            return None
        if urlsplit(value.strip()).scheme not in ("redis", "rediss", "unix"):
            raise ValueError("not a redis:// URL")
        return value.strip()

    @field_validator("timezone")
    @classmethod
    def _timezone(cls, value: str) -> str:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError("unknown time zone") from exc
        return value


def env_name(field: str) -> str:
    """The environment variable of a field: min_group_size -> BROBYGGER_MIN_GROUP_SIZE."""
    return PREFIX + field.upper()


def _problem(error: dict[str, Any]) -> str:
    field = str(error["loc"][0]) if error.get("loc") else "?"
    name = env_name(field)
    info = Settings.model_fields.get(field)
    extra = info.json_schema_extra if info is not None and isinstance(info.json_schema_extra, dict) else {}
    given = os.environ.get(name, error.get("input"))
    expects = extra.get("expects", error.get("msg", "a valid value"))
    return f"{name}={given!r} is not valid: expected {expects}."


@functools.lru_cache(maxsize=16)
def _load(environment: tuple[tuple[str, str], ...]) -> Settings:
    """Read and check the settings once per distinct environment (the key is only used for caching)."""
    try:
        return Settings()
    except ValidationError as exc:
        raise SettingsError("\n".join(_problem(dict(e)) for e in exc.errors())) from None


def current() -> Settings:
    """The settings as the environment gives them now, validated; raises SettingsError on a malformed value.

    Cached per environment, so a changed variable (a test's monkeypatch, say) takes effect at once.
    """
    return _load(tuple(sorted((k, v) for k, v in os.environ.items() if k.upper().startswith(PREFIX))))


def shown_default(field: str) -> str:
    """A field's default as the docs show it."""
    info = Settings.model_fields[field]
    extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
    return str(extra.get("shown_default") or f"`{info.default}`")


def settings_table() -> str:
    """The Markdown table of every setting (the README's "Settings" section is this, verbatim)."""
    lines = ["| variable | default | what for |", "|---|---|---|"]
    for field, info in Settings.model_fields.items():
        lines.append(f"| `{env_name(field)}` | {shown_default(field)} | {info.description} |")
    return "\n".join(lines)


def moderator_secret() -> str:
    """BROBYGGER_SECRET, or one generated once and kept in data/ so it survives restarts."""
    configured = current().secret
    if configured is not None and configured.get_secret_value():
        return configured.get_secret_value()
    path = DATA_DIR / "moderator-secret.txt"
    if path.exists():
        value = path.read_text(encoding="utf-8").strip()
        if value:
            return value
    path.parent.mkdir(parents=True, exist_ok=True)
    value = secrets.token_urlsafe(9)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(value + "\n")
    return value


MODERATOR_COOKIE = "bb_moderator"
MODERATOR_SESSION_SECONDS = 12 * 3600  # a working day: a restart mid-meeting does not sign the moderator out


def _session_mac(expires: int) -> str:
    key = hashlib.sha256(b"brobygger moderator session\0" + moderator_secret().encode()).digest()
    return hmac.new(key, str(expires).encode(), hashlib.sha256).hexdigest()


def moderator_token(now: float | None = None) -> str:
    """A signed, expiring proof that this browser gave the secret: `expiry.mac`, derived from the secret
    (so it survives a restart, works on every server, and a new secret ends every session)."""
    expires = int((time.time() if now is None else now) + MODERATOR_SESSION_SECONDS)
    return f"{expires}.{_session_mac(expires)}"


def moderator_token_valid(token: object, now: float | None = None) -> bool:
    if not isinstance(token, str):  # no cookie (or, under AppTest, no cookies at all)
        return False
    expires, _, mac = token.partition(".")
    if not expires.isdigit() or len(expires) > 12 or int(expires) < (time.time() if now is None else now):
        return False
    return hmac.compare_digest(mac.encode(), _session_mac(int(expires)).encode())


def lan_address() -> str:
    """This machine's address as other devices on the network see it (no packet is sent)."""
    import socket

    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("10.255.255.255", 1))
            return probe.getsockname()[0]
    except OSError:
        return "127.0.0.1"


def public_url(port: int | None = None) -> str:
    """Where phones reach this server: BROBYGGER_PUBLIC_URL, else this machine's LAN address and port."""
    configured = current()
    if configured.public_url:
        return configured.public_url
    return f"http://{lan_address()}:{port or configured.port}"


def local_zone() -> dt.tzinfo:
    """The meeting room's time zone: BROBYGGER_TIMEZONE (default Europe/Copenhagen), else the server's own."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    name = current().timezone  # outside the try: a malformed setting is refused, not papered over
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return dt.datetime.now().astimezone().tzinfo or dt.UTC
