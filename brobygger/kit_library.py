"""Kits organisers make themselves: uploaded as a zip or one YAML file, duplicated, edited, downloaded.

Shipped kits live in workshop_kits/ and are read-only; an organiser's kits are stored in the
database (so every server sharing it sees them). A kit is stored only once it validates whole:
a broken upload changes nothing.
"""

from __future__ import annotations

import io
import threading
import zipfile
import zlib
from pathlib import PurePosixPath
from typing import Any

import sqlalchemy as sa
import yaml
from sqlalchemy.engine import Connection, Engine

from brobygger.kit_problems import KitInvalid, KitProblem, parse_yaml
from brobygger.kits import KITS_DIR, MAX_FILE_BYTES, MAX_FILES, Kit, available_kits, load_kit_files
from brobygger.store import custom_kits, now, write

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
MAX_UNPACKED_BYTES = 8 * 1024 * 1024
_shipped: dict[str, Kit] | None = None
# An organiser's kit parsed once per id and version (its updated_at): parsing and validating a kit
# takes about a quarter of a second, too much for every join, phone state and log request.
MAX_CACHED_KITS = 64
_parsed: dict[tuple[str, str, Any], Kit | bool] = {}
_parsed_lock = threading.Lock()


def shipped_kits() -> dict[str, Kit]:
    """The kits in workshop_kits/, read once per process."""
    global _shipped
    if _shipped is None:
        _shipped = available_kits(KITS_DIR)
    return _shipped


def all_kits(engine: Engine) -> dict[str, Kit]:
    """Shipped kits, then the organisers' own (a stored kit that no longer validates is left out).

    Each organiser's kit is parsed once per version (`kit_by_id`), not on every page run."""
    kits = dict(shipped_kits())
    with engine.connect() as conn:
        ids = conn.execute(sa.select(custom_kits.c.kit_id).order_by(custom_kits.c.kit_id)).scalars().all()
    for kit_id in ids:
        kit = kit_by_id(engine, kit_id)
        if kit is not None:
            kits[kit_id] = kit
    return kits


def kit_by_id(engine: Engine | Connection, kit_id: str) -> Kit | None:
    """One kit by id: a shipped one from the process's cache, else only that organiser's kit is read.

    For the paths that need a programme's kit on every request (phone state, process log, the
    projector's board), where reading and validating every stored kit would be wasted work.
    """
    if kit_id in shipped_kits():
        return shipped_kits()[kit_id]
    version_query = sa.select(custom_kits.c.updated_at).where(custom_kits.c.kit_id == kit_id)
    files_query = sa.select(custom_kits.c.files).where(custom_kits.c.kit_id == kit_id)
    if isinstance(engine, Connection):  # inside a caller's transaction
        version = engine.execute(version_query).scalar()
        cached = _parsed.get((str(engine.engine.url), kit_id, version))
        files = None if cached is not None or version is None else engine.execute(files_query).scalar()
    else:
        with engine.connect() as conn:
            version = conn.execute(version_query).scalar()
            cached = _parsed.get((str(engine.engine.url), kit_id, version))
            files = None if cached is not None or version is None else conn.execute(files_query).scalar()
    if cached is not None:
        return cached or None
    if files is None:
        return None
    try:
        kit: Kit | None = load_kit_files(files, source=kit_id)
    except KitInvalid:
        kit = None
    with _parsed_lock:
        if len(_parsed) >= MAX_CACHED_KITS:
            _parsed.pop(next(iter(_parsed)))
        _parsed[(str(engine.engine.url), kit_id, version)] = (
            kit or False
        )  # a stored kit that no longer validates is remembered too
    return kit


def is_custom(engine: Engine, kit_id: str) -> bool:
    with engine.connect() as conn:
        return conn.execute(sa.select(custom_kits.c.kit_id).where(custom_kits.c.kit_id == kit_id)).first() is not None


def _problem(source: str, message: str) -> KitInvalid:
    return KitInvalid(source, [KitProblem(source, "", message)])


def _from_zip(data: bytes, source: str) -> dict[str, str]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise _problem(source, "not a zip file (a kit is a .zip of its folder, or a single .yaml file)") from None
    entries = [e for e in archive.infolist() if not e.is_dir()]
    if len(entries) > MAX_FILES:
        raise _problem(source, f"the zip holds {len(entries)} files; a kit may hold at most {MAX_FILES}")
    if sum(e.file_size for e in entries) > MAX_UNPACKED_BYTES:
        raise _problem(source, f"the zip unpacks to more than {MAX_UNPACKED_BYTES // (1024 * 1024)} MB")
    names = [PurePosixPath(e.filename) for e in entries]
    for name in names:
        if name.is_absolute() or ".." in name.parts:
            raise _problem(source, f"unsafe path in the zip: {name}")
    # Allow the kit's folder itself to be zipped (kit/kit.yaml) as well as its contents (kit.yaml).
    tops = {n.parts[0] for n in names if len(n.parts) > 1}
    prefix = next(iter(tops)) if len(tops) == 1 and not any(n.as_posix() == "kit.yaml" for n in names) else None
    files: dict[str, str] = {}
    for entry, name in zip(entries, names, strict=True):
        relative = PurePosixPath(*name.parts[1:]) if prefix and name.parts[0] == prefix else name
        if relative.name.startswith(".") or "__MACOSX" in name.parts or relative.suffix not in (".yaml", ".yml"):
            continue
        if entry.file_size > MAX_FILE_BYTES:
            raise _problem(relative.as_posix(), f"file is larger than {MAX_FILE_BYTES // 1024} KB")
        try:
            files[relative.as_posix()] = archive.read(entry).decode("utf-8")
        except UnicodeDecodeError:
            raise _problem(relative.as_posix(), "not UTF-8 text") from None
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError, ValueError):
            # A truncated or corrupt archive, an unknown compression or a password: said, never a traceback.
            raise _problem(source, "the zip is damaged or unreadable; zip the kit's folder again") from None
    if not files:
        raise _problem(source, "the zip holds no YAML files; a kit needs kit.yaml, catalogues/*.yaml and meetings/*.yaml")
    return files


def _dump(data: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def _from_single_yaml(text: str, source: str) -> dict[str, str]:
    """One YAML file holding `kit:`, `catalogues: {name: ...}` and `meetings: [...]`."""
    data, problems = parse_yaml(source, text)
    if problems:
        raise KitInvalid(source, problems)
    if not isinstance(data, dict) or "kit" not in data:
        raise _problem(source, "a single-file kit needs the keys kit, catalogues (optional) and meetings")
    unknown = sorted(set(data) - {"kit", "catalogues", "meetings"})
    if unknown:
        raise _problem(source, f"unknown top-level key {unknown[0]!r}; expected kit, catalogues, meetings")
    catalogues, meetings = data.get("catalogues") or {}, data.get("meetings") or []
    if not isinstance(catalogues, dict) or not isinstance(meetings, list):
        raise _problem(source, "catalogues must be a mapping of name to catalogue, meetings a list of meetings")
    files = {"kit.yaml": _dump(data["kit"])}
    for name, catalogue in catalogues.items():
        files[f"catalogues/{name}.yaml"] = _dump(catalogue)
    for number, meeting in enumerate(meetings, start=1):
        name = meeting.get("id") if isinstance(meeting, dict) and isinstance(meeting.get("id"), str) else f"meeting-{number}"
        files[f"meetings/{name}.yaml"] = _dump(meeting)
    return files


def unpack_upload(data: bytes, filename: str) -> dict[str, str]:
    """An uploaded file as kit files (path -> YAML text); KitInvalid says why it is not one."""
    source = PurePosixPath(filename or "upload").name
    if not data:
        raise _problem(source, "the file is empty")
    if len(data) > MAX_UPLOAD_BYTES:
        raise _problem(source, f"the file is larger than {MAX_UPLOAD_BYTES // (1024 * 1024)} MB")
    if data[:4] == b"PK\x03\x04" or source.lower().endswith(".zip"):
        return _from_zip(data, source)
    if not source.lower().endswith((".yaml", ".yml")):
        raise _problem(source, "upload a .zip of the kit's folder or a single .yaml file")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise _problem(source, "not UTF-8 text") from None
    if len(data) > MAX_FILE_BYTES:
        raise _problem(source, f"file is larger than {MAX_FILE_BYTES // 1024} KB")
    return _from_single_yaml(text, source)


def save_kit(engine: Engine, files: dict[str, str], *, source: str = "kit", replace: bool = False) -> Kit:
    """Validate and store an organiser's kit. Nothing is stored unless the whole kit is valid."""
    kit = load_kit_files(files, source=source)
    if kit.id in shipped_kits():
        raise KitInvalid(
            source, [KitProblem("kit.yaml", "id", f"{kit.id!r} is a kit that ships with Brobygger; give yours another id")]
        )
    stamp = now()
    with write(engine) as conn:
        exists = conn.execute(sa.select(custom_kits.c.kit_id).where(custom_kits.c.kit_id == kit.id)).first() is not None
        if exists and not replace:
            raise KitInvalid(
                source, [KitProblem("kit.yaml", "id", f"a kit with id {kit.id!r} exists already; change the id or replace it")]
            )
        if exists:
            conn.execute(custom_kits.update().where(custom_kits.c.kit_id == kit.id).values(files=files, updated_at=stamp))
        else:
            conn.execute(custom_kits.insert().values(kit_id=kit.id, files=files, created_at=stamp, updated_at=stamp))
    return kit


def duplicate_kit(engine: Engine, kit: Kit, new_id: str, new_title: dict[str, str] | None = None) -> Kit:
    """A copy of any kit under a new id, stored as the organiser's own and so editable."""
    files = dict(kit.files)
    manifest = yaml.safe_load(files["kit.yaml"])
    manifest["id"] = new_id
    if new_title:
        manifest["title"] = new_title
    files["kit.yaml"] = _dump(manifest)
    return save_kit(engine, files, source=new_id)


def kit_zip(kit: Kit) -> bytes:
    """The kit's files as a zip of its folder, ready to upload again or to put under workshop_kits/."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, text in sorted(kit.files.items()):
            archive.writestr(f"{kit.id}/{path}", text)
    return buffer.getvalue()


def meeting_file(kit: Kit, template_id: str) -> str:
    """The path of the file that holds a meeting template."""
    for path, text in kit.files.items():
        if path.startswith("meetings/"):
            data = yaml.safe_load(text)
            if isinstance(data, dict) and data.get("id") == template_id:
                return path
    raise KeyError(template_id)


def edit_agenda(engine: Engine, kit: Kit, template_id: str, rows: list[dict[str, Any]]) -> Kit:
    """Apply a table of agenda edits to an organiser's kit and store it if it still validates.

    Each row: `id` (the agenda item), `minutes`, and `title.<lang>`, `notes.<lang>`,
    `prompt.<lang>` texts. Items, kinds and exercises' structure stay as they are.
    """
    if not is_custom(engine, kit.id):
        raise KitInvalid(
            kit.id, [KitProblem("kit.yaml", "id", "shipped kits are read-only; duplicate it first and edit the copy")]
        )
    path = meeting_file(kit, template_id)
    meeting = yaml.safe_load(kit.files[path])
    by_id = {item["id"]: item for item in meeting["agenda"]}
    for row in rows:
        item = by_id.get(row.get("id"))
        if item is None:
            continue
        if row.get("minutes") is not None:
            item["minutes"] = row["minutes"]
        for key, value in row.items():
            field, _, lang = key.partition(".")
            if not lang or value is None:
                continue
            if field in ("title", "notes"):
                if value == "" and field == "notes":
                    item.get("notes", {}).pop(lang, None)
                    if not item.get("notes"):
                        item.pop("notes", None)
                    continue
                item.setdefault(field, {})[lang] = value
            elif field == "prompt" and "exercise" in item:
                item["exercise"]["prompt"][lang] = value
    meeting["minutes"] = sum(item["minutes"] for item in meeting["agenda"] if isinstance(item.get("minutes"), int))
    files = dict(kit.files)
    files[path] = _dump(meeting)
    return save_kit(engine, files, source=kit.id, replace=True)
