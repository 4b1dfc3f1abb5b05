"""Shared fixtures: a real store on SQLite (always) and PostgreSQL (when BROBYGGER_TEST_DATABASE_URL is set)."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import pytest
import sqlalchemy as sa

from brobygger.kits import Kit, load_kit
from brobygger.store import make_engine, migrate

ROOT = Path(__file__).resolve().parent.parent
MINI_KIT = ROOT / "tests" / "kits" / "mini"
BIFROST_KIT = ROOT / "workshop_kits" / "bifrost"
PG_URL = os.environ.get("BROBYGGER_TEST_DATABASE_URL")


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
