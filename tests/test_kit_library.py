"""Organisers' own kits: uploads refused with a clear message and nothing stored, duplicates, edits, downloads."""

from __future__ import annotations

import io
import zipfile

import pytest
import sqlalchemy as sa
import yaml

from brobygger.kit_library import all_kits, duplicate_kit, edit_agenda, kit_zip, save_kit, unpack_upload
from brobygger.kits import KitInvalid, read_kit_folder
from brobygger.services import programmes
from brobygger.store import custom_kits
from tests.conftest import MINI_KIT, read_tx, write_tx


def _zip(files: dict[str, str | bytes], folder: str = "") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            archive.writestr(f"{folder}{name}", text)
    return buffer.getvalue()


def _mini(**changes: str) -> dict[str, str]:
    files = read_kit_folder(MINI_KIT)
    files["kit.yaml"] = files["kit.yaml"].replace("id: mini", "id: my-kit")
    files.update(changes)
    return files


def _stored(engine) -> int:
    with engine.connect() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(custom_kits)).scalar_one()


def test_zipped_folder_uploads_and_is_usable(engine):
    kit = save_kit(engine, unpack_upload(_zip(_mini(), folder="my-kit/"), "my-kit.zip"))
    assert kit.id == "my-kit" and "my-kit" in all_kits(engine) and "bifrost" in all_kits(engine)
    programme = write_tx(engine, programmes.create_programme, all_kits(engine)["my-kit"], "Eget kit")
    assert len(read_tx(engine, programmes.list_meetings, programme)) == 2


def test_single_yaml_file_uploads(engine):
    files = _mini()
    bundle = {
        "kit": yaml.safe_load(files["kit.yaml"]),
        "catalogues": {
            "roles": yaml.safe_load(files["catalogues/roles.yaml"]),
            "principles": yaml.safe_load(files["catalogues/principles.yaml"]),
        },
        "meetings": [yaml.safe_load(files["meetings/m1.yaml"]), yaml.safe_load(files["meetings/m2.yaml"])],
    }
    kit = save_kit(engine, unpack_upload(yaml.safe_dump(bundle, allow_unicode=True).encode(), "kit.yaml"))
    assert [m.id for m in kit.meetings] == ["m1", "m2"]


def _corrupt(data: bytes) -> bytes:
    """A zip whose first file's compressed bytes are damaged (its directory still reads)."""
    return data[:40] + b"\xff" * 24 + data[64:]


BROKEN_UPLOADS = [
    ("empty file", b"", "kit.zip", "the file is empty"),
    ("a PDF", b"%PDF-1.4 not a kit", "kit.pdf", "upload a .zip of the kit's folder or a single .yaml file"),
    ("zip that is not", b"PK\x03\x04 broken", "kit.zip", "not a zip file"),
    ("zip without YAML", _zip({"readme.txt": "hej"}), "kit.zip", "the zip holds no YAML files"),
    ("path traversal", _zip({"../../etc/kit.yaml": "id: x"}), "kit.zip", "unsafe path in the zip"),
    ("zip bomb", _zip({"kit.yaml": "#" + "x" * (9 * 1024 * 1024)}), "kit.zip", "the zip unpacks to more than 8 MB"),
    ("too many files", _zip({f"meetings/m{i}.yaml": "id: x" for i in range(250)}), "kit.zip", "a kit may hold at most 200"),
    ("not UTF-8", "id: mini\ntitle: {da: Sø}\n".encode("latin-1"), "kit.yaml", "not UTF-8 text"),
    ("YAML bomb", b"kit: &a [1, 2]\nmeetings: [*a, *a]\n", "kit.yaml", "YAML aliases (*name) are not allowed"),
    ("single file without kit", b"meetings: []\n", "kit.yaml", "a single-file kit needs the keys kit"),
    ("unknown top-level key", b"kit: {}\nextra: 1\n", "kit.yaml", "unknown top-level key 'extra'"),
    (
        "invalid kit inside the zip",
        _zip(_mini(**{"meetings/m2.yaml": "id: m2\n"})),
        "kit.zip",
        "meetings/m2.yaml: kind: required field is missing",
    ),
    (
        "id of a shipped kit",
        _zip(_mini(**{"kit.yaml": read_kit_folder(MINI_KIT)["kit.yaml"].replace("id: mini", "id: bifrost")})),
        "kit.zip",
        "'bifrost' is a kit that ships with Brobygger",
    ),
    ("huge upload", b"x" * (3 * 1024 * 1024), "kit.yaml", "the file is larger than 2 MB"),
    ("corrupt zip", _corrupt(_zip(_mini())), "kit.zip", "the zip is damaged or unreadable"),
    ("truncated zip", _zip(_mini())[:900], "kit.zip", "not a zip file"),
    ("200 KB deeply nested YAML", b"kit: " + b"[" * 100_000 + b"]" * 100_000, "kit.yaml", "nested more than 40 levels"),
    ("6,500-deep YAML", b"kit:\n  " + b"- " * 6500 + b"1\n", "kit.yaml", "nested more than 40 levels"),
    ("6,500-deep flow YAML", b"kit: " + b"{a: " * 6500 + b"1" + b"}" * 6500, "kit.yaml", "nested more than 40 levels"),
    ("deeply indented YAML", "".join("  " * i + "a:\n" for i in range(400)).encode(), "kit.yaml", "indented more than 160"),
    ("deeply nested YAML in a zip", _zip(_mini(**{"kit.yaml": "[" * 7000})), "kit.zip", "nested more than 40 levels"),
]


@pytest.mark.parametrize(("case", "data", "filename", "expected"), BROKEN_UPLOADS, ids=[c[0] for c in BROKEN_UPLOADS])
def test_broken_upload_is_refused_and_nothing_stored(engine, case, data, filename, expected):
    with pytest.raises(KitInvalid) as info:
        save_kit(engine, unpack_upload(data, filename))
    assert any(expected in str(p) for p in info.value.problems), [str(p) for p in info.value.problems]
    assert _stored(engine) == 0


@pytest.mark.parametrize("case", [c for c in BROKEN_UPLOADS if "YAML" in c[0] or "zip" in c[0]], ids=lambda c: c[0])
def test_hostile_uploads_are_refused_in_well_under_a_second(case):
    """The cost is bounded before parsing: a nested file that took PyYAML minutes is refused at once."""
    import time

    _, data, filename, _ = case
    started = time.process_time()
    with pytest.raises(KitInvalid):
        save_kit_files_only(data, filename)
    assert time.process_time() - started < 1.0


def save_kit_files_only(data: bytes, filename: str) -> None:
    """Parse and validate an upload as `save_kit` would, without a store."""
    from brobygger.kits import load_kit_files

    load_kit_files(unpack_upload(data, filename), source=filename)


def test_same_id_twice_is_refused_unless_replacing(engine):
    save_kit(engine, _mini())
    with pytest.raises(KitInvalid) as info:
        save_kit(engine, _mini())
    assert "exists already" in str(info.value.problems[0])
    assert _stored(engine) == 1


def test_duplicate_edit_download_and_upload_again(engine, bifrost_kit):
    copy = duplicate_kit(engine, bifrost_kit, "bifrost-nord", {"da": "Bifrost Nord", "en": "Bifrost North"})
    assert copy.manifest.title.get("da") == "Bifrost Nord" and len(copy.meetings) == 6
    edited = edit_agenda(
        engine,
        copy,
        "dm1",
        [
            {"id": "welcome", "minutes": 20, "title.da": "Goddag og check-in", "title.en": "Hello"},
            {"id": "expectations", "prompt.da": "Hvad håber du på?", "notes.da": "", "notes.en": ""},
        ],
    )
    dm1 = edited.meeting("dm1")
    assert dm1.agenda[0].minutes == 20 and dm1.agenda[0].title.get("da") == "Goddag og check-in"
    expectations = dm1.agenda[2]  # after the programme introduction
    assert expectations.exercise.prompt.get("da") == "Hvad håber du på?" and expectations.notes is None
    assert dm1.minutes == dm1.planned_minutes
    assert all_kits(engine)["bifrost-nord"].meeting("dm1").agenda[0].minutes == 20
    archive = zipfile.ZipFile(io.BytesIO(kit_zip(edited)))
    assert "bifrost-nord/meetings/dm1.yaml" in archive.namelist()
    files = unpack_upload(kit_zip(edited), "bifrost-nord.zip")
    files["kit.yaml"] = files["kit.yaml"].replace("id: bifrost-nord", "id: bifrost-syd")
    assert save_kit(engine, files).meeting("dm1").agenda[0].title.get("en") == "Hello"


def test_an_edit_that_breaks_the_kit_is_refused_and_the_stored_kit_kept(engine, bifrost_kit):
    copy = duplicate_kit(engine, bifrost_kit, "bifrost-test")
    with pytest.raises(KitInvalid) as info:
        edit_agenda(engine, copy, "dm1", [{"id": "welcome", "minutes": 0}])
    assert "agenda[0].minutes: Input should be greater than 0" in str(info.value)
    assert all_kits(engine)["bifrost-test"].meeting("dm1").agenda[0].minutes == bifrost_kit.meeting("dm1").agenda[0].minutes


def test_shipped_kits_are_read_only(engine, bifrost_kit):
    with pytest.raises(KitInvalid) as info:
        edit_agenda(engine, bifrost_kit, "dm1", [{"id": "welcome", "minutes": 20}])
    assert "shipped kits are read-only" in str(info.value)


def test_kit_by_id_reads_one_kit(engine):
    from brobygger.kit_library import kit_by_id, shipped_kits

    assert kit_by_id(engine, "bifrost") is shipped_kits()["bifrost"]
    assert kit_by_id(engine, "my-kit") is None
    save_kit(engine, _mini())
    assert kit_by_id(engine, "my-kit").meeting("m1").agenda[0].id == "welcome"


def test_an_organisers_kit_is_parsed_once_per_version(engine, monkeypatch):
    from brobygger import kit_library

    save_kit(engine, _mini())
    parsed = []
    real = kit_library.load_kit_files
    monkeypatch.setattr(kit_library, "load_kit_files", lambda files, source: parsed.append(source) or real(files, source=source))
    for _ in range(20):  # joins, phone states and log requests of a room
        assert kit_library.kit_by_id(engine, "my-kit").id == "my-kit"
        with engine.connect() as conn:
            assert kit_library.kit_by_id(conn, "my-kit").id == "my-kit"
    assert parsed == ["my-kit"]
    files = _mini()
    files["meetings/m1.yaml"] = files["meetings/m1.yaml"].replace("da: Velkommen", "da: Goddag", 1)
    save_kit(engine, files, replace=True)  # a new version is parsed again, once
    for _ in range(5):
        kit_library.kit_by_id(engine, "my-kit")
    assert parsed == ["my-kit", "kit", "my-kit"]  # once by save_kit's own check, once on first use
