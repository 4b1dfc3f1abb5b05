"""Settings: one declaration, documented in the README, and a malformed value refused by name."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from brobygger import settings
from brobygger.settings import Settings, SettingsError, env_name, shown_default
from tests.conftest import ROOT


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch):
    """Each test starts from the defaults, whatever the shell running the tests has set."""
    for name in list(os.environ):
        if name.upper().startswith("BROBYGGER_"):
            monkeypatch.delenv(name)


def _readme_table() -> list[tuple[str, str, str]]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Settings\n", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("|")]
    assert rows[0].replace(" ", "") == "|variable|default|whatfor|" and set(rows[1]) <= set("|-: ")
    cells = [[cell.strip() for cell in row.strip().strip("|").split(" | ")] for row in rows[2:]]
    assert all(len(row) == 3 for row in cells), cells
    return [(name.strip("`"), default, help_) for name, default, help_ in cells]


def test_readme_table_is_the_settings_class():
    declared = [(env_name(f), shown_default(f), info.description) for f, info in Settings.model_fields.items()]
    assert all(help_ for _, _, help_ in declared), "every setting needs a description"
    assert _readme_table() == declared


def test_every_default_validates():
    loaded = settings.current()
    for field, info in Settings.model_fields.items():
        assert getattr(loaded, field) == info.default, field
    assert loaded.min_group_size == 3 and loaded.port == 8501 and loaded.timezone == "Europe/Copenhagen"
    assert loaded.database_url.startswith("sqlite:///") and loaded.database_url.endswith("data/brobygger.db")


def test_a_changed_variable_takes_effect_at_once(monkeypatch):
    monkeypatch.setenv("BROBYGGER_MIN_GROUP_SIZE", "5")
    assert settings.current().min_group_size == 5
    monkeypatch.setenv("BROBYGGER_MIN_GROUP_SIZE", "2")
    assert settings.current().min_group_size == 2
    monkeypatch.setenv("BROBYGGER_PUBLIC_URL", "https://workshop.example.org/")
    assert settings.public_url() == "https://workshop.example.org"
    monkeypatch.setenv("BROBYGGER_SECRET", "open sesame")
    assert settings.moderator_secret() == "open sesame"
    monkeypatch.setenv("BROBYGGER_TIMEZONE", "America/New_York")
    assert str(settings.local_zone()) == "America/New_York"


def test_an_empty_variable_means_the_default(monkeypatch):
    monkeypatch.setenv("BROBYGGER_MIN_GROUP_SIZE", "")
    assert settings.current().min_group_size == 3


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("MIN_GROUP_SIZE", "abc"),
        ("MIN_GROUP_SIZE", "0"),
        ("PORT", "0"),
        ("PORT", "70000"),
        ("PORT", "x"),
        ("TIMEZONE", "Mars/Olympus"),
        ("PUBLIC_URL", "ftp://x"),
        ("DATABASE_URL", "not a url"),
    ],
)
def test_a_malformed_value_is_refused_by_name(monkeypatch, name, value):
    monkeypatch.setenv(f"BROBYGGER_{name}", value)
    with pytest.raises(SettingsError) as raised:
        settings.current()
    message = str(raised.value)
    assert f"BROBYGGER_{name}" in message and repr(value) in message and "expected" in message
    assert isinstance(raised.value, ValueError)


def test_the_helpers_refuse_a_malformed_value_too(monkeypatch):
    from brobygger.groups import min_group_size
    from brobygger.store import database_url

    monkeypatch.setenv("BROBYGGER_MIN_GROUP_SIZE", "abc")
    with pytest.raises(SettingsError, match="BROBYGGER_MIN_GROUP_SIZE"):
        min_group_size()
    monkeypatch.setenv("BROBYGGER_MIN_GROUP_SIZE", "4")
    assert min_group_size() == 4
    monkeypatch.setenv("BROBYGGER_DATABASE_URL", "sqlite:///elsewhere.db")
    assert database_url() == "sqlite:///elsewhere.db"


def _cli(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.upper().startswith("BROBYGGER_")}
    return subprocess.run(
        [sys.executable, "-m", "brobygger", *args], capture_output=True, text=True, cwd=ROOT, env={**clean, **env}, timeout=60
    )


def test_serve_with_a_malformed_value_exits_2_with_the_message():
    result = _cli("serve", BROBYGGER_MIN_GROUP_SIZE="abc")
    assert result.returncode == 2, result.stderr
    assert "BROBYGGER_MIN_GROUP_SIZE='abc'" in result.stderr and "whole number" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_settings_command_prints_every_setting():
    result = _cli("settings")
    assert result.returncode == 0, result.stderr
    for field in Settings.model_fields:
        assert f"`{env_name(field)}`" in result.stdout
    assert result.stdout.strip() == settings.settings_table()


def test_the_app_started_directly_shows_a_malformed_setting_instead_of_failing_mid_meeting(monkeypatch):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("BROBYGGER_MIN_GROUP_SIZE", "abc")
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30).run()
    assert not app.exception
    assert "BROBYGGER_MIN_GROUP_SIZE" in app.error[0].value


def test_the_moderator_session_token_is_signed_expiring_and_tied_to_the_secret(monkeypatch):
    """The cookie that keeps a moderator signed in across restarts: forged, expired or old-secret tokens fail."""
    from starlette.applications import Starlette
    from starlette.testclient import TestClient

    from brobygger import settings
    from brobygger.phone import routes

    monkeypatch.setenv("BROBYGGER_SECRET", "first")

    now = 1_900_000_000
    token = settings.moderator_token(now)
    expires, mac = token.split(".")
    assert settings.moderator_token_valid(token, now + 3600)
    assert not settings.moderator_token_valid(token, now + settings.MODERATOR_SESSION_SECONDS + 1)  # expired
    assert not settings.moderator_token_valid(f"{int(expires) + 9999}.{mac}", now)  # a later expiry, same mac
    assert not settings.moderator_token_valid("", now) and not settings.moderator_token_valid("x.y", now)
    client = TestClient(Starlette(routes=routes.phone_routes()))
    assert "bb_moderator" not in client.get("/auth/remember?t=123.forged").headers.get("set-cookie", "")
    fresh = settings.moderator_token()
    cookie = client.get(f"/auth/remember?t={fresh}").headers["set-cookie"]
    assert cookie.startswith(f"bb_moderator={fresh};") and "HttpOnly" in cookie and "SameSite=strict" in cookie
    monkeypatch.setenv("BROBYGGER_SECRET", "second")

    assert not settings.moderator_token_valid(fresh)  # a new secret ends every session
