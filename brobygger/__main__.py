"""Command line: python -m brobygger ..."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from brobygger import __version__, languages


def _kits_validate(args: argparse.Namespace) -> int:
    from brobygger.kits import KitInvalid, load_kit

    failed = 0
    for path in args.paths:
        try:
            kit = load_kit(path)
        except KitInvalid as exc:
            failed += 1
            print(f"FAIL {path}: {len(exc.problems)} problem(s)")
            for problem in exc.problems:
                print(f"  {problem}")
            continue
        exercises = sum(1 for m in kit.meetings for i in m.agenda if i.exercise)
        print(f"ok   {path}: kit '{kit.id}' ({', '.join(kit.languages)}), {len(kit.meetings)} meetings, {exercises} exercises")
    return 1 if failed else 0


def _kits_list(args: argparse.Namespace) -> int:
    from brobygger.kits import KITS_DIR, KitInvalid, load_kit

    for folder in sorted(p for p in KITS_DIR.iterdir() if (p / "kit.yaml").exists()):
        try:
            kit = load_kit(folder)
        except KitInvalid as exc:
            print(f"{folder.name:<14} INVALID ({len(exc.problems)} problems; run: python -m brobygger kits validate {folder})")
            continue
        title = kit.manifest.title.get(kit.languages[0])
        print(f"{kit.id:<14} {', '.join(kit.languages):<8} {len(kit.meetings)} meetings  {title}")
    return 0


def _demo(args: argparse.Namespace) -> int:
    from brobygger import services
    from brobygger.demo import create_demo
    from brobygger.kits import KITS_DIR, load_kit
    from brobygger.store import engine_for, masked

    engine = engine_for(args.database)
    kit = load_kit(args.kit if Path(args.kit).is_dir() else KITS_DIR / args.kit)
    result = create_demo(engine, kit, participants=args.participants)
    with services.reading(engine) as conn:
        rows = services.programmes.list_meetings(conn, result.programme_id)
    print(f"Demo programme {result.programme_id} created in {masked(str(engine.url))}")
    for row in rows:
        title = row["title"].get(kit.languages[0])
        print(f"  meeting {row['id']:>3}  {row['template_id']:<5} {row['status']:<8} code {row['join_code']}  {title}")
    print(f"Played meeting {result.played_meeting_id}: {result.participants} participants, {result.responses} responses.")
    print("Look at it: run `make run` and open the Organise and Present pages.")
    return 0


def _serve(args: argparse.Namespace) -> int:
    """Print where to go and the moderator's secret, then hand over to `streamlit run app.py`."""
    import os

    from brobygger import settings
    from brobygger.store import engine_for, masked

    # A malformed setting stops here, before anything starts.
    port = args.port if args.port is not None else settings.current().port
    engine = engine_for()  # create or upgrade the database before the first page asks for it
    url = settings.public_url(port)
    print("Brobygger")
    print(f"  Projector and moderator: http://localhost:{port}  (on the network: {url})")
    print(f"  Phones join at:          {url}/j")
    print(f"  Moderator secret:        {settings.moderator_secret()}")
    print(f"  Database:                {masked(str(engine.url))}")
    print("  Stop with Ctrl+C.", flush=True)
    app = str(settings.ROOT / "app.py")
    command = [sys.executable, "-m", "streamlit", "run", app, "--server.port", str(port), "--server.address", args.address]
    os.execv(sys.executable, command)
    return 0  # pragma: no cover


def _settings(args: argparse.Namespace) -> int:
    """Print every setting as the README's Markdown table, so the docs can be regenerated from the code."""
    from brobygger import settings

    print(settings.settings_table())
    return 0


def _export(args: argparse.Namespace) -> int:
    from brobygger import services
    from brobygger.errors import BrobyggerError
    from brobygger.export.meeting_workbook import meeting_workbook
    from brobygger.export.programme_workbook import programme_workbook
    from brobygger.export.report_content import meeting_report, programme_report
    from brobygger.export.report_docx import report_docx
    from brobygger.export.report_pdf import report_pdf
    from brobygger.export.statistics import research_statistics
    from brobygger.export.tidy import tidy_zip
    from brobygger.store import engine_for

    # Research files hold only people who consented; workbooks and reports count everyone.
    audience = "research" if args.what in ("tidy-meeting", "tidy-programme", "sav", "dta") else "workbook"
    try:
        with services.reading(engine_for(args.database)) as conn:
            if args.what in ("meeting", "tidy-meeting"):
                record = services.records.meeting_record(conn, args.id, audience)
            elif args.what == "meeting-report":
                record = services.records.meeting_record(conn, args.id)
                programme = services.records.programme_record(conn, record.programme_id, audience)
            else:
                programme = services.records.programme_record(conn, args.id, audience)
        if args.what in ("meeting-report", "programme-report"):
            report = meeting_report(programme, args.id) if args.what == "meeting-report" else programme_report(programme)
            data = report_pdf(report) if args.out.lower().endswith(".pdf") else report_docx(report)
        elif args.what == "meeting":
            data = meeting_workbook(record, ui_lang=args.lang, include_names=args.names)
        elif args.what == "programme":
            data = programme_workbook(programme, ui_lang=args.lang, include_names=args.names)
        elif args.what == "tidy-meeting":
            data = tidy_zip([record])
        elif args.what == "tidy-programme":
            data = tidy_zip(programme.meetings, programme)
        else:  # the wide file for SPSS or Stata
            sav, dta = research_statistics(programme)
            data = sav if args.what == "sav" else dta
    except BrobyggerError as exc:
        print(f"error: {exc.message('en')} ({args.what} {args.id})", file=sys.stderr)
        return 1
    Path(args.out).write_bytes(data)
    print(f"wrote {args.out} ({len(data):,} bytes)")
    return 0


def _backup(args: argparse.Namespace) -> int:
    from brobygger import maintenance
    from brobygger.errors import BrobyggerError
    from brobygger.store import engine_for

    try:
        count = maintenance.backup(engine_for(args.database), Path(args.out))
    except BrobyggerError as exc:
        print(f"error: {exc.message('en')}", file=sys.stderr)
        return 1
    print(f"wrote {args.out}: a consistent copy with {count} programme(s)")
    return 0


def _restore(args: argparse.Namespace) -> int:
    from brobygger import maintenance
    from brobygger.errors import BrobyggerError
    from brobygger.store import engine_for

    try:
        count = maintenance.restore(engine_for(args.database), Path(getattr(args, "from")))
    except BrobyggerError as exc:
        print(f"error: {exc.message('en')}", file=sys.stderr)
        return 1
    print(f"restored {getattr(args, 'from')} ({count} programme(s)); start the app again")
    return 0


def _purge(args: argparse.Namespace) -> int:
    from brobygger import maintenance, services
    from brobygger.errors import BrobyggerError
    from brobygger.store import engine_for

    engine = engine_for(args.database)
    try:
        with services.reading(engine) as conn:
            name = services.programmes.get_programme(conn, args.id)["name"]
        if not args.yes:
            answer = input(f"Delete programme {args.id} '{name}' and all its data for good? Type its id to confirm: ")
            if answer.strip() != str(args.id):
                print("nothing deleted")
                return 1
        counts = maintenance.purge_programme(engine, args.id)
    except BrobyggerError as exc:
        print(f"error: {exc.message('en')} (programme {args.id})", file=sys.stderr)
        return 1
    print(f"deleted programme {args.id} '{name}': " + ", ".join(f"{n} {table}" for table, n in counts.items()))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m brobygger", description="Brobygger: workshop toolkit for action-learning meetings."
    )
    parser.add_argument("--version", action="version", version=f"brobygger {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)

    kits = commands.add_parser("kits", help="validate and list workshop kits")
    kit_commands = kits.add_subparsers(dest="kits_command", required=True)
    validate = kit_commands.add_parser("validate", help="check kit folders; exits 1 and lists every problem if any is invalid")
    validate.add_argument("paths", nargs="+", help="kit folders (each holds kit.yaml)")
    validate.set_defaults(func=_kits_validate)
    listing = kit_commands.add_parser("list", help="list the kits under workshop_kits/")
    listing.set_defaults(func=_kits_list)

    demo = commands.add_parser("demo", help="create a demo programme with one meeting played by simulated participants")
    demo.add_argument("--kit", default="bifrost", help="kit id under workshop_kits/ or a kit folder (default: bifrost)")
    demo.add_argument("--participants", type=int, default=14, help="simulated participants (default: 14)")
    demo.add_argument("--database", default=None, help="SQLAlchemy URL (default: BROBYGGER_DATABASE_URL or data/brobygger.db)")
    demo.set_defaults(func=_demo)

    export = commands.add_parser("export", help="write a meeting's or programme's outputs to a file")
    export.add_argument(
        "what",
        choices=["meeting", "programme", "tidy-meeting", "tidy-programme", "sav", "dta", "meeting-report", "programme-report"],
        help="meeting/programme: xlsx workbook; tidy-meeting/tidy-programme: zip of CSV files, codebook and data package; "
        "sav/dta: a programme's wide file for SPSS/Stata with variable and value labels; "
        "meeting-report/programme-report: pseudonymous report in the programme's language (.docx or .pdf)",
    )
    export.add_argument("id", type=int, help="meeting or programme id (see the Organise page or `demo` output)")
    export.add_argument("--out", required=True, help="file to write (.xlsx, .zip, .sav, .dta, .docx or .pdf)")
    export.add_argument("--names", action="store_true", help="add the Key sheet with registered participants' names")
    export.add_argument(
        "--lang",
        choices=languages.UI,
        default=languages.DEFAULT,
        help=f"language of the sheet headings (default: {languages.DEFAULT})",
    )
    export.add_argument("--database", default=None, help="SQLAlchemy URL (default: BROBYGGER_DATABASE_URL or data/brobygger.db)")
    export.set_defaults(func=_export)

    backup = commands.add_parser("backup", help="copy the SQLite store while the app runs (online backup)")
    backup.add_argument("--out", required=True, help="file to write, e.g. backups/brobygger-2027-03-01.db")
    backup.add_argument("--database", default=None, help="SQLAlchemy URL (default: BROBYGGER_DATABASE_URL or data/brobygger.db)")
    backup.set_defaults(func=_backup)
    restore = commands.add_parser("restore", help="put a backup back in place of the store (stop the app first)")
    restore.add_argument("--from", required=True, help="a file made by `backup`")
    restore.add_argument("--database", default=None, help="SQLAlchemy URL (default: BROBYGGER_DATABASE_URL or data/brobygger.db)")
    restore.set_defaults(func=_restore)
    purge = commands.add_parser("purge", help="delete a programme and all its personal data for good")
    purge.add_argument("what", choices=["programme"])
    purge.add_argument("id", type=int, help="programme id")
    purge.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    purge.add_argument("--database", default=None, help="SQLAlchemy URL (default: BROBYGGER_DATABASE_URL or data/brobygger.db)")
    purge.set_defaults(func=_purge)

    serve = commands.add_parser("serve", help="start the app (what `make run` does)")
    serve.add_argument("--port", type=int, default=None, help="port (default: BROBYGGER_PORT, else 8501)")
    serve.add_argument("--address", default="0.0.0.0", help="address to listen on (default: all, so phones can reach it)")
    serve.set_defaults(func=_serve)
    shown = commands.add_parser("settings", help="list every BROBYGGER_* setting with its default (Markdown table)")
    shown.set_defaults(func=_settings)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one command; a malformed BROBYGGER_* setting ends it with the setting's message and status 2."""
    from brobygger.settings import SettingsError

    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except SettingsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
