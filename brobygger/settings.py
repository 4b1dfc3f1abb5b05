"""Every setting in one place: name, default and what it is for (docs/settings.md lists them all)."""

from __future__ import annotations

import datetime as dt
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"


@dataclass(frozen=True)
class Setting:
    name: str
    default: str
    help: str


SETTINGS = (
    Setting(
        "BROBYGGER_DATABASE_URL",
        "sqlite:///data/brobygger.db",
        "SQLAlchemy URL of the store; PostgreSQL as postgresql+psycopg://user@host/db.",
    ),
    Setting(
        "BROBYGGER_SECRET", "(generated into data/moderator-secret.txt)", "Secret that opens the Moderate and Organise pages."
    ),
    Setting(
        "BROBYGGER_PUBLIC_URL", "(this machine's address on the local network)", "Base URL phones use; goes into the QR code."
    ),
    Setting("BROBYGGER_PORT", "8501", "Port `make run` serves on."),
    Setting("BROBYGGER_MIN_GROUP_SIZE", "3", "Fewest answers a group needs before its results are shown on their own."),
    Setting("BROBYGGER_TIMEZONE", "Europe/Copenhagen", "Time zone of the clocks on the projector and console (IANA name)."),
)


def get(name: str) -> str | None:
    if name not in {s.name for s in SETTINGS}:
        raise KeyError(f"undeclared setting {name}")
    return os.environ.get(name) or None


def moderator_secret() -> str:
    """BROBYGGER_SECRET, or one generated once and kept in data/ so it survives restarts."""
    configured = get("BROBYGGER_SECRET")
    if configured:
        return configured
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
    configured = get("BROBYGGER_PUBLIC_URL")
    if configured:
        return configured.rstrip("/")
    return f"http://{lan_address()}:{port or int(get('BROBYGGER_PORT') or 8501)}"


def local_zone() -> dt.tzinfo:
    """The meeting room's time zone: BROBYGGER_TIMEZONE, else Europe/Copenhagen, else the server's own."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(get("BROBYGGER_TIMEZONE") or "Europe/Copenhagen")
    except (ZoneInfoNotFoundError, ValueError):
        return dt.datetime.now().astimezone().tzinfo or dt.UTC
