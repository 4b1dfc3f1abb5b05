"""Backups while the app writes, restores, and purging a programme's personal data for good."""

from __future__ import annotations

import sqlite3
import threading

import pytest
import sqlalchemy as sa

from brobygger.__main__ import main
from brobygger.errors import InvalidInput
from brobygger.maintenance import backup, purge_programme, restore
from brobygger.services import agenda, participants, programmes, responses, runs
from brobygger.store import attendance, engine_for, make_engine, migrate
from brobygger.store import participants as participants_table
from brobygger.store import responses as responses_table
from tests.conftest import read_tx, write_tx


def _played(engine, kit, people=4, prefix="Person"):
    programme = write_tx(engine, programmes.create_programme, kit, f"{prefix} forløb")
    meeting = read_tx(engine, programmes.list_meetings, programme)[0]
    write_tx(engine, agenda.start_meeting, meeting["id"])
    run = next(i["run"]["id"] for i in read_tx(engine, agenda.agenda, meeting["id"]) if i["template_item_id"] == "scale")
    write_tx(engine, runs.open_exercise, run)
    tokens = []
    for n in range(people):
        _, person = write_tx(engine, participants.join_meeting, meeting["join_code"])
        write_tx(engine, participants.update_profile, person.token, name=f"{prefix} {n}", organisation="Firma", group="sme")
        write_tx(engine, responses.submit_response, person.token, run, {"value": 1 + n % 5})
        tokens.append(person.token)
    return programme, meeting, run, tokens


def _count(engine, table) -> int:
    with engine.connect() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()


def test_backup_while_answers_arrive_is_consistent_and_restores(tmp_path, mini_kit):
    engine = make_engine(f"sqlite:///{tmp_path / 'live.db'}")
    migrate(engine)
    _programme, meeting, run, _ = _played(engine, mini_kit)
    stop = threading.Event()

    def keep_answering():
        while not stop.is_set():
            _, person = write_tx(engine, participants.join_meeting, meeting["join_code"])
            write_tx(engine, responses.submit_response, person.token, run, {"value": 3})

    writer = threading.Thread(target=keep_answering)
    writer.start()
    try:
        assert backup(engine, tmp_path / "copy.db") == 1
    finally:
        stop.set()
        writer.join()
    with sqlite3.connect(tmp_path / "copy.db") as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        people, answers = copy.execute("SELECT (SELECT count(*) FROM participants), (SELECT count(*) FROM responses)").fetchone()
        orphans = copy.execute(
            "SELECT count(*) FROM responses WHERE participant_id NOT IN (SELECT id FROM participants)"
        ).fetchone()[0]
    # One moment, not a smear: no answer without its person. The writer joins and answers in two
    # transactions, so the copy may catch one person who has joined and not yet answered.
    assert orphans == 0 and answers >= 4 and people - answers in (0, 1)
    fresh = make_engine(f"sqlite:///{tmp_path / 'restored.db'}")
    assert restore(fresh, tmp_path / "copy.db") == 1
    assert _count(make_engine(f"sqlite:///{tmp_path / 'restored.db'}"), responses_table) == answers


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path):
    (tmp_path / "notes.db").write_bytes(b"just some bytes, not a database at all" * 100)
    engine = make_engine(f"sqlite:///{tmp_path / 'x.db'}")
    with pytest.raises(InvalidInput) as info:
        restore(engine, tmp_path / "notes.db")
    assert info.value.message("en").endswith("is not a Brobygger backup.")


def test_purge_removes_every_trace_of_the_programme(engine, mini_kit):
    programme, _, _, tokens = _played(engine, mini_kit, prefix="Slettet")
    keep, _, _, _ = _played(engine, mini_kit, people=2, prefix="Beholdt")
    counts = purge_programme(engine, programme)
    assert counts["participants"] == 4 and counts["meetings"] == 2
    assert _count(engine, participants_table) == 2 and _count(engine, responses_table) == 2 and _count(engine, attendance) == 2
    assert [p["id"] for p in read_tx(engine, programmes.list_programmes)] == [keep]
    with pytest.raises(Exception):  # noqa: B017 - the token is simply gone
        read_tx(engine, participants.participant_by_token, tokens[0])
    if engine.dialect.name == "sqlite":  # not left behind in free pages or the write-ahead log either
        from pathlib import Path

        files = [Path(engine.url.database), Path(engine.url.database + "-wal")]
        raw = b"".join(f.read_bytes() for f in files if f.exists())
        assert b"Beholdt 0" in raw and b"Slettet" not in raw


def test_backup_purge_and_restore_commands(tmp_path, mini_kit, monkeypatch):
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    programme, *_ = _played(engine_for(url), mini_kit)
    assert main(["backup", "--out", str(tmp_path / "b.db"), "--database", url]) == 0
    monkeypatch.setattr("builtins.input", lambda _: "nej")
    assert main(["purge", "programme", str(programme), "--database", url]) == 1  # not confirmed: nothing deleted
    assert len(read_tx(engine_for(url), programmes.list_programmes)) == 1
    assert main(["purge", "programme", str(programme), "--yes", "--database", url]) == 0
    assert read_tx(engine_for(url), programmes.list_programmes) == []
    assert main(["purge", "programme", "999", "--yes", "--database", url]) == 1


def test_a_backup_after_an_interrupted_one_succeeds_and_is_new(tmp_path, mini_kit):
    engine = make_engine(f"sqlite:///{tmp_path / 'live.db'}")
    migrate(engine)
    _played(engine, mini_kit, people=2)
    assert backup(engine, tmp_path / "copy.db") == 1
    # The next backup was killed between copying and renaming: its partial copy in WAL mode is left.
    with sqlite3.connect(tmp_path / "copy.db.partial") as stale:
        stale.execute("PRAGMA journal_mode=WAL")
        stale.execute("CREATE TABLE leftover (x)")
    (tmp_path / "copy.db.partial-wal").write_bytes(b"\0" * 100)
    _played(engine, mini_kit, people=2, prefix="Second")
    assert backup(engine, tmp_path / "copy.db") == 2  # not a raw disk I/O error, and the new state
    assert not list(tmp_path.glob("copy.db.partial*")) and not (tmp_path / "copy.db-wal").exists()
    assert restore(make_engine(f"sqlite:///{tmp_path / 'restored.db'}"), tmp_path / "copy.db") == 2


def test_the_database_its_wal_and_backups_are_readable_by_the_owner_only(tmp_path, mini_kit):
    import os
    import stat

    old = os.umask(0o022)
    try:
        engine = make_engine(f"sqlite:///{tmp_path / 'live.db'}")
        migrate(engine)
        _played(engine, mini_kit, people=1)
        backup(engine, tmp_path / "backups" / "copy.db")
        files = [tmp_path / "live.db", tmp_path / "live.db-wal", tmp_path / "live.db-shm", tmp_path / "backups" / "copy.db"]
        assert {f.name: stat.S_IMODE(f.stat().st_mode) for f in files} == {f.name: 0o600 for f in files}
    finally:
        os.umask(old)


def test_the_first_connections_after_a_restart_set_the_store_up_once(tmp_path):
    from concurrent.futures import ThreadPoolExecutor

    from brobygger import store

    url = f"sqlite:///{tmp_path / 'restart.db'}"
    engines = list(ThreadPoolExecutor(16).map(lambda _: store.engine_for(url), range(32)))
    assert len({id(e) for e in engines}) == 1
    with engines[0].connect() as conn:
        assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == "0008"
    store._engines.pop(url).dispose()
