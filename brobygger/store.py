"""The meeting store: SQLAlchemy Core tables, engine set-up and migrations.

SQLite under data/ by default (WAL, foreign keys, busy timeout); any SQLAlchemy URL in
BROBYGGER_DATABASE_URL, PostgreSQL tested. The schema is created and upgraded by Alembic.
"""

from __future__ import annotations

import datetime as dt
import os
import threading
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Engine

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB = ROOT / "data" / "brobygger.db"
SQLITE_BUSY_TIMEOUT_MS = 15_000

metadata = sa.MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_name)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
    }
)


class UtcDateTime(sa.types.TypeDecorator):
    """Timestamps stored as UTC and read back timezone-aware on every engine (SQLite forgets the zone)."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None and value.tzinfo is None:
            raise ValueError("naive datetime given to the store; use brobygger.store.now()")
        return value.astimezone(dt.UTC) if value is not None else None

    def process_result_value(self, value, dialect):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=dt.UTC)
        return value


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


programmes = sa.Table(
    "programmes",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("kit_id", sa.String(40), nullable=False),
    sa.Column("kit_version", sa.String(20), nullable=False, server_default="1"),
    sa.Column("language", sa.String(5), nullable=False),
    sa.Column("groups", sa.JSON),
    sa.Column("created_at", UtcDateTime, nullable=False),
)

participants = sa.Table(
    "participants",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("programme_id", sa.Integer, sa.ForeignKey("programmes.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("token", sa.String(64), nullable=False, unique=True),
    sa.Column("pseudonym", sa.String(10), nullable=False),
    sa.Column("name", sa.String(200)),
    sa.Column("organisation", sa.String(200)),
    sa.Column("group", sa.String(40)),
    sa.Column("registered", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("join_key", sa.String(64)),
    # Consent to research use: None until the person has answered; the time of the last choice beside it.
    sa.Column("research_consent", sa.Boolean),
    sa.Column("consent_at", UtcDateTime),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.UniqueConstraint("programme_id", "pseudonym", name="uq_participants_programme_pseudonym"),
    sa.UniqueConstraint("programme_id", "join_key", name="uq_participants_programme_join_key"),
)

meetings = sa.Table(
    "meetings",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("programme_id", sa.Integer, sa.ForeignKey("programmes.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("template_id", sa.String(40), nullable=False),
    sa.Column("kind", sa.String(20), nullable=False),
    sa.Column("position", sa.Integer, nullable=False, server_default="0"),
    sa.Column("title", sa.JSON, nullable=False),
    sa.Column("theme", sa.JSON, nullable=False),
    sa.Column("date", sa.Date),
    sa.Column("status", sa.String(10), nullable=False, server_default="planned"),
    sa.Column("join_code", sa.String(8), nullable=False, unique=True),
    sa.Column("revision", sa.Integer, nullable=False, server_default="0"),
    sa.Column("state_revision", sa.Integer, nullable=False, server_default="0"),
    sa.Column("current_item_id", sa.Integer),
    sa.Column("show_qr", sa.Boolean, nullable=False, server_default=sa.true()),
    sa.Column("notes", sa.Text, nullable=False, server_default=""),
    sa.Column("started_at", UtcDateTime),
    sa.Column("ended_at", UtcDateTime),
    sa.Column("created_at", UtcDateTime, nullable=False),
)

agenda_items = sa.Table(
    "agenda_items",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("meeting_id", sa.Integer, sa.ForeignKey("meetings.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("template_item_id", sa.String(40), nullable=False),
    sa.Column("title", sa.JSON, nullable=False),
    sa.Column("minutes", sa.Integer, nullable=False),
    sa.Column("extra_minutes", sa.Integer, nullable=False, server_default="0"),
    sa.Column("kind", sa.String(20), nullable=False),
    sa.Column("notes", sa.JSON),
    sa.Column("exercise", sa.JSON),
    sa.Column("display", sa.String(20)),
    sa.Column("started_at", UtcDateTime),
    sa.Column("ended_at", UtcDateTime),
)

exercise_runs = sa.Table(
    "exercise_runs",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("meeting_id", sa.Integer, sa.ForeignKey("meetings.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("agenda_item_id", sa.Integer, sa.ForeignKey("agenda_items.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("state", sa.String(10), nullable=False, server_default="draft"),
    sa.Column("results_shown", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("discarded", sa.Boolean, nullable=False, server_default=sa.false()),
    # how the projector shows the results, as the moderator set it: {"by_group": bool, "page": int}
    sa.Column("display", sa.JSON, nullable=True),
    sa.Column("opened_at", UtcDateTime),
    sa.Column("closed_at", UtcDateTime),
    sa.Column("created_at", UtcDateTime, nullable=False),
)

attendance = sa.Table(
    "attendance",
    metadata,
    sa.Column("meeting_id", sa.Integer, sa.ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("participant_id", sa.Integer, sa.ForeignKey("participants.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("joined_at", UtcDateTime, nullable=False),
)

responses = sa.Table(
    "responses",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("run_id", sa.Integer, sa.ForeignKey("exercise_runs.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("participant_id", sa.Integer, sa.ForeignKey("participants.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("value", sa.JSON, nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("updated_at", UtcDateTime, nullable=False),
    sa.Column("changes", sa.Integer, nullable=False, server_default="0"),
    sa.UniqueConstraint("run_id", "participant_id", name="uq_responses_run_participant"),
)

actions = sa.Table(
    "actions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("programme_id", sa.Integer, sa.ForeignKey("programmes.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("meeting_id", sa.Integer, sa.ForeignKey("meetings.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("run_id", sa.Integer, sa.ForeignKey("exercise_runs.id", ondelete="SET NULL")),
    sa.Column("participant_id", sa.Integer, sa.ForeignKey("participants.id", ondelete="SET NULL")),
    sa.Column("what", sa.Text, nullable=False),
    sa.Column("who", sa.String(200), nullable=False, server_default=""),
    sa.Column("organisation", sa.String(200), nullable=False, server_default=""),
    sa.Column("due", sa.Date),
    sa.Column("status", sa.String(10), nullable=False, server_default="open"),
    sa.Column("follow_up", sa.Text, nullable=False, server_default=""),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("updated_at", UtcDateTime, nullable=False),
)

# How an action's follow-up went over time: one row per status set (by its writer or the moderator), never changed.
action_history = sa.Table(
    "action_history",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("action_id", sa.Integer, sa.ForeignKey("actions.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("meeting_id", sa.Integer, sa.ForeignKey("meetings.id", ondelete="SET NULL")),
    sa.Column("participant_id", sa.Integer, sa.ForeignKey("participants.id", ondelete="SET NULL")),
    sa.Column("status", sa.String(10), nullable=False),
    sa.Column("follow_up", sa.Text, nullable=False, server_default=""),
    sa.Column("created_at", UtcDateTime, nullable=False),
)


figures = sa.Table(
    "figures",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("programme_id", sa.Integer, sa.ForeignKey("programmes.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("workplace", sa.String(120), nullable=False),
    sa.Column("month", sa.Date, nullable=False),
    sa.Column("value", sa.Float, nullable=False),
    sa.Column("short_term", sa.Float),  # short-term absence (%), when the organiser's file has it
    sa.Column("long_term", sa.Float),  # long-term absence (%), likewise
    sa.Column("uploaded_at", UtcDateTime, nullable=False),
    sa.UniqueConstraint("programme_id", "workplace", "month", name="uq_figures_programme_workplace_month"),
)

advisory_processes = sa.Table(
    "advisory_processes",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("programme_id", sa.Integer, sa.ForeignKey("programmes.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("advisor_unit", sa.String(120), nullable=False),
    sa.Column("company", sa.String(120), nullable=False),
    sa.Column("intervention", sa.Text, nullable=False, server_default=""),
    sa.Column("change_logic", sa.Text, nullable=False, server_default=""),
    sa.Column("knowledge_tools", sa.Text, nullable=False, server_default=""),
    sa.Column("created_at", UtcDateTime, nullable=False),
)

process_entries = sa.Table(
    "process_entries",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("process_id", sa.Integer, sa.ForeignKey("advisory_processes.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("participant_id", sa.Integer, sa.ForeignKey("participants.id", ondelete="SET NULL")),
    sa.Column("theme", sa.String(120), nullable=False),
    sa.Column("phase", sa.String(40), nullable=False),
    sa.Column("helped", sa.Text, nullable=False, server_default=""),
    sa.Column("hindered", sa.Text, nullable=False, server_default=""),
    sa.Column("next_step", sa.Text, nullable=False, server_default=""),
    sa.Column("created_at", UtcDateTime, nullable=False),
)

process_members = sa.Table(
    "process_members",
    metadata,
    sa.Column("process_id", sa.Integer, sa.ForeignKey("advisory_processes.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("participant_id", sa.Integer, sa.ForeignKey("participants.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("added_at", UtcDateTime, nullable=False),
)

# The audit log of consent to research use: one row per choice, never changed (until the programme is purged).
consent_events = sa.Table(
    "consent_events",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("programme_id", sa.Integer, sa.ForeignKey("programmes.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("participant_id", sa.Integer, sa.ForeignKey("participants.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("consent", sa.Boolean, nullable=False),
    sa.Column("source", sa.String(20), nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False),
)

# Two pseudonyms found to be one person, merged by an organiser: who merged what, when, and what moved.
participant_merges = sa.Table(
    "participant_merges",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("programme_id", sa.Integer, sa.ForeignKey("programmes.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("kept_pseudonym", sa.String(10), nullable=False),
    sa.Column("merged_pseudonym", sa.String(10), nullable=False),
    sa.Column("merged_by", sa.String(120), nullable=False),
    sa.Column("moved", sa.JSON, nullable=False),
    sa.Column("merged_at", UtcDateTime, nullable=False),
)

# Rate-limit counters (wrong codes, wrong secrets) shared by every process: one row per running window of a key.
throttle_counters = sa.Table(
    "throttle_counters",
    metadata,
    sa.Column("key", sa.String(200), primary_key=True),
    sa.Column("count", sa.Integer, nullable=False),
    sa.Column("expires_at", sa.Float, nullable=False, index=True),
)

custom_kits = sa.Table(
    "custom_kits",
    metadata,
    sa.Column("kit_id", sa.String(40), primary_key=True),
    sa.Column("files", sa.JSON, nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("updated_at", UtcDateTime, nullable=False),
)


def write(engine: Engine):
    """A write transaction: `with write(engine) as conn: ...` (commits at the end, rolls back on error)."""
    return engine.execution_options(brobygger_write=True).begin()


def database_url() -> str:
    """BROBYGGER_DATABASE_URL, or the embedded SQLite file under data/ (checked by brobygger.settings)."""
    from brobygger import settings

    return settings.current().database_url


def masked(url: str) -> str:
    """The URL with any password hidden, for logs and the console."""
    return sa.engine.make_url(url).render_as_string(hide_password=True)


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute(
        "PRAGMA secure_delete=ON"
    )  # purged personal data is overwritten, not left in free pages  # an acknowledged answer survives a power cut, not only a crash
    cursor.close()


def _sqlite_begin(conn) -> None:
    # A write transaction takes the write lock at its start, so two writers queue on the busy
    # timeout instead of failing with "database is locked" when a reader upgrades to a writer.
    # Reads begin deferred, so polling phones and projectors never wait for the write lock.
    conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("brobygger_write") else "BEGIN")


def private_file(path: Path) -> None:
    """Create `path` readable by its owner only (0600), or narrow it to that if it exists.

    The database, its WAL and SHM files and backups hold bearer tokens, names and answers. SQLite
    gives the WAL and SHM files the mode of the database file, so creating that one 0600 is enough.
    """
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
    os.chmod(path, 0o600)
    for suffix in ("-wal", "-shm", "-journal"):
        side = path.with_name(path.name + suffix)
        if side.exists():
            os.chmod(side, 0o600)


def make_engine(url: str | None = None) -> Engine:
    """An engine for the URL, with SQLite tuned for many short writes from one process."""
    url = url or database_url()
    if url.startswith("sqlite"):
        path = sa.engine.make_url(url).database
        if path and path != ":memory:" and not path.startswith("file:"):
            Path(path).parent.mkdir(parents=True, exist_ok=True)
            private_file(Path(path))
        engine = sa.create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000, "check_same_thread": False})
        # pysqlite's own transaction handling would defer BEGIN; take it over (SQLAlchemy docs recipe).
        sa.event.listen(engine, "connect", lambda c, r: setattr(c, "isolation_level", None))
        sa.event.listen(engine, "connect", _sqlite_pragmas)
        sa.event.listen(engine, "begin", _sqlite_begin)
        return engine
    return sa.create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)


def _alembic_config():
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
    return config


def head_revision() -> str:
    """The newest migration's revision: what a migrated database records."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_alembic_config()).get_current_head()


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest version (creates it on an empty database)."""
    from alembic import command

    config = _alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


_engines: dict[str, Engine] = {}
_engines_lock = threading.Lock()


def engine_for(url: str | None = None) -> Engine:
    """One migrated engine per URL and process, shared by the Streamlit pages and the phone routes.

    After a restart the projector and many phones ask at once; Alembic's set-up is not thread-safe
    (its context is module-global), so the first caller migrates under a lock and the others wait.
    """
    url = url or database_url()
    engine = _engines.get(url)
    if engine is not None:
        return engine
    with _engines_lock:
        if url not in _engines:
            engine = make_engine(url)
            migrate(engine)
            _engines[url] = engine
        return _engines[url]
