"""The store: migrations build exactly the declared schema, SQLite is tuned, and upgrades keep data."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from brobygger.store import make_engine, metadata, migrate, programmes

ROOT_MIGRATIONS = Path(__file__).resolve().parent.parent / "brobygger" / "migrations"


def test_migrations_build_the_declared_schema(engine):
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    assert diff == []
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == "0008"


def test_migrating_again_keeps_rows(engine):
    from brobygger.store import now

    with engine.begin() as conn:
        conn.execute(programmes.insert().values(name="Kept", kit_id="bifrost", language="da", created_at=now()))
    migrate(engine)
    with engine.connect() as conn:
        assert conn.execute(sa.select(programmes.c.name)).scalars().all() == ["Kept"]


def test_sqlite_runs_in_wal_with_foreign_keys(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'x.db'}")
    migrate(engine)
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 15000
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert conn.exec_driver_sql("PRAGMA secure_delete").scalar() == 1


def test_timestamps_come_back_in_utc(engine):
    from brobygger.store import now

    stamp = now()
    with engine.begin() as conn:
        conn.execute(programmes.insert().values(name="T", kit_id="k", language="da", created_at=stamp))
    with engine.connect() as conn:
        back = conn.execute(sa.select(programmes.c.created_at)).scalar_one()
    assert back.utcoffset().total_seconds() == 0 and abs((back - stamp).total_seconds()) < 0.001


def test_an_open_read_does_not_hold_back_a_write(tmp_path):
    """Polling phones read all the time; an answer must not queue behind them for the write lock."""
    import threading

    from brobygger.store import now, write

    engine = make_engine(f"sqlite:///{tmp_path / 'x.db'}")
    migrate(engine)
    done = threading.Event()
    with engine.connect() as reader:
        reader.execute(sa.select(programmes)).all()  # the read transaction stays open

        def writer():
            with write(engine) as conn:
                conn.execute(programmes.insert().values(name="W", kit_id="k", language="da", created_at=now()))
            done.set()

        thread = threading.Thread(target=writer)
        thread.start()
        assert done.wait(5), "the write waited for a reader"
        thread.join()


def test_a_database_at_the_first_version_upgrades_and_keeps_its_data(tmp_path):
    """An installation made before kit uploads existed upgrades in place without losing a row."""
    from alembic import command
    from alembic.config import Config

    from brobygger.store import custom_kits, now

    engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    config = Config()
    config.set_main_option("script_location", str(ROOT_MIGRATIONS))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0001")
        conn.execute(programmes.insert().values(name="Gammel", kit_id="bifrost", language="da", created_at=now()))
    assert not sa.inspect(engine).has_table("custom_kits")
    migrate(engine)
    assert sa.inspect(engine).has_table("custom_kits")
    with engine.connect() as conn:
        assert conn.execute(sa.select(programmes.c.name)).scalars().all() == ["Gammel"]
        assert conn.execute(sa.select(sa.func.count()).select_from(custom_kits)).scalar_one() == 0
