"""Shared fixtures: a real store on SQLite (always) and PostgreSQL (when BROBYGGER_TEST_DATABASE_URL is set).

`write_tx` and `read_tx` call a service in its own transaction, as one button press or one phone
request does; a test that is about what one transaction holds opens it itself.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import pytest
import sqlalchemy as sa

from brobygger.kits import Kit, load_kit
from brobygger.services import agenda, programmes, reading, writing
from brobygger.store import make_engine, migrate

ROOT = Path(__file__).resolve().parent.parent
MINI_KIT = ROOT / "tests" / "kits" / "mini"
BIFROST_KIT = ROOT / "workshop_kits" / "bifrost"
PG_URL = os.environ.get("BROBYGGER_TEST_DATABASE_URL")
T = TypeVar("T")


def write_tx(engine: sa.Engine, service: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """`service(conn, *args)` in its own write transaction."""
    with writing(engine) as conn:
        return service(conn, *args, **kwargs)


def read_tx(engine: sa.Engine, service: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """`service(conn, *args)` in its own read transaction."""
    with reading(engine) as conn:
        return service(conn, *args, **kwargs)


def pytest_report_header(config):
    return (
        f"store tests run on: SQLite{' and PostgreSQL' if PG_URL else ' only (set BROBYGGER_TEST_DATABASE_URL for PostgreSQL)'}"
    )


def _pg_engine_in_fresh_schema():
    """A PostgreSQL engine confined to a new schema, so tests never see each other's rows."""
    schema = f"t_{secrets.token_hex(6)}"
    admin = sa.create_engine(PG_URL)
    with admin.begin() as conn:
        conn.exec_driver_sql(f"CREATE SCHEMA {schema}")
    url = sa.engine.make_url(PG_URL).update_query_dict({"options": f"-csearch_path={schema}"})
    engine = make_engine(url.render_as_string(hide_password=False))

    def drop():
        engine.dispose()
        with admin.begin() as conn:
            conn.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
        admin.dispose()

    return engine, drop


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request, tmp_path):
    """A migrated, empty store."""
    if request.param == "sqlite":
        eng = make_engine(f"sqlite:///{tmp_path / 'test.db'}")
        migrate(eng)
        yield eng
        eng.dispose()
        return
    if not PG_URL:
        pytest.skip("PostgreSQL not configured (BROBYGGER_TEST_DATABASE_URL)")
    eng, drop = _pg_engine_in_fresh_schema()
    migrate(eng)
    yield eng
    drop()


@pytest.fixture(scope="session")
def mini_kit() -> Kit:
    return load_kit(MINI_KIT)


@pytest.fixture(scope="session")
def bifrost_kit() -> Kit:
    return load_kit(BIFROST_KIT)


@pytest.fixture
def live(engine, mini_kit):
    """A live first meeting of a mini-kit programme, with its agenda by template item id."""
    programme_id = write_tx(engine, programmes.create_programme, mini_kit, "Forløb 2027")
    meeting = read_tx(engine, programmes.list_meetings, programme_id)[0]
    write_tx(engine, agenda.start_meeting, meeting["id"])
    items = {i["template_item_id"]: i for i in read_tx(engine, agenda.agenda, meeting["id"])}
    return engine, programme_id, meeting, items


@pytest.fixture
def room(engine, live, monkeypatch):
    """A live meeting of the mini kit, and an HTTP client for the phone routes on the same store."""
    from starlette.applications import Starlette
    from starlette.testclient import TestClient

    from brobygger.phone import routes

    monkeypatch.setattr(routes, "engine_for", lambda: engine)  # wrong tries are counted in this test's own store
    engine, _, meeting, items = live
    client = TestClient(Starlette(routes=routes.phone_routes()))
    return client, engine, meeting, items
