"""Keeping data safe and removing it: online backups of the SQLite store, restores, and purging a programme."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from brobygger.errors import InvalidInput, NotFound
from brobygger.store import make_engine, private_file, programmes, write


def _sqlite_path(engine: Engine) -> Path:
    if engine.dialect.name != "sqlite" or not engine.url.database or engine.url.database == ":memory:":
        raise InvalidInput("error.backup_sqlite_only")
    return Path(engine.url.database)


def backup(engine: Engine, target: Path) -> int:
    """A consistent copy of the live SQLite database (its online backup API: writers carry on meanwhile).

    Returns the number of programmes in the copy, as a quick check that it holds what it should.
    """
    source = _sqlite_path(engine)
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    # A backup interrupted before us may have left its partial copy (and WAL files beside it):
    # start from nothing, or SQLite would take them for a database of ours.
    for leftover in (partial, *(partial.with_name(partial.name + s) for s in ("-wal", "-shm", "-journal"))):
        leftover.unlink(missing_ok=True)
    private_file(partial)  # names, tokens and answers: readable by the owner only
    copy = sqlite3.connect(partial)
    try:
        with sqlite3.connect(source, timeout=30) as live:
            live.backup(copy, pages=256, sleep=0.005)
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no WAL beside it
        count = copy.execute("SELECT count(*) FROM programmes").fetchone()[0]
    finally:
        copy.close()
    partial.replace(target)  # a crash mid-backup never leaves a half file under the real name
    return count


def restore(engine: Engine, source: Path) -> int:
    """Put a backup back in place of the store (stop the app first). Checks the file is a Brobygger store."""
    source = Path(source)
    if not source.is_file():
        raise NotFound("error.backup_missing", path=str(source))
    try:
        with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as copy:
            copy.execute("SELECT version_num FROM alembic_version").fetchone()
            count = copy.execute("SELECT count(*) FROM programmes").fetchone()[0]
    except sqlite3.DatabaseError:
        raise InvalidInput("error.backup_not_brobygger", path=str(source)) from None
    target = _sqlite_path(engine)
    engine.dispose()
    with sqlite3.connect(source) as copy, sqlite3.connect(target, timeout=30) as live:
        copy.backup(live)
    return count


def purge_programme(engine: Engine, programme_id: int) -> dict[str, int]:
    """Delete a programme and everything of it (people, meetings, answers, actions, figures) for good.

    SQLite overwrites deleted content (secure_delete) and the write-ahead log is emptied, so the
    rows are not left behind in the file.
    """
    tables = ("participants", "meetings", "actions", "figures")
    with write(engine) as conn:
        if conn.execute(sa.select(programmes.c.id).where(programmes.c.id == programme_id)).first() is None:
            raise NotFound(what="programme")
        counts = {}
        for name in tables:
            table = sa.Table(name, sa.MetaData(), autoload_with=conn)
            if "programme_id" in table.c:
                counts[name] = conn.execute(sa.select(sa.func.count()).where(table.c.programme_id == programme_id)).scalar_one()
        conn.execute(programmes.delete().where(programmes.c.id == programme_id))  # the rest goes by ON DELETE CASCADE
    if engine.dialect.name == "sqlite":
        with engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    return counts


__all__ = ["backup", "make_engine", "purge_programme", "restore"]
