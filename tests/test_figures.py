"""Absence figures: the organiser's spreadsheet read as Danish Excel writes it, or refused whole with the line at fault."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from streamlit.testing.v1 import AppTest

from brobygger.errors import InvalidInput
from brobygger.figures import Figure, parse_figures, template_csv
from brobygger.services import agenda, programmes
from brobygger.services.figures import list_figures, replace_figures
from tests.conftest import ROOT, read_tx, write_tx

GOOD = "arbejdsplads;måned;fravær (%)\nSkole 1;2021-01;6,2\nSkole 1;2021-02;5,8\nDagtilbud 1;02-2021;7\n".encode()


def test_template_parses_as_it_is():
    rows = parse_figures(template_csv(), "skabelon.csv")
    assert template_csv().decode().splitlines()[0] == "arbejdsplads;måned;fravær (%);korttidsfravær (%);langtidsfravær (%)"
    assert rows[0] == Figure("Arbejdsplads 1", dt.date(2021, 1, 1), 6.2, 2.4, 3.8) and len(rows) == 4


def test_short_and_long_term_absence_are_kept_apart_and_old_files_still_read():
    split = (
        "arbejdsplads;måned;fravær (%);korttidsfravær (%);langtidsfravær (%)\n"
        "Skole 1;2021-01;6,2;2,0;4,2\n"  # all three
        "Skole 1;2021-02;;2,5;3,0\n"  # no total: the sum of the parts
        "Skole 1;2021-03;5,0;;\n"  # no parts this month
    ).encode()
    assert parse_figures(split, "tal.csv") == [
        Figure("Skole 1", dt.date(2021, 1, 1), 6.2, 2.0, 4.2),
        Figure("Skole 1", dt.date(2021, 2, 1), 5.5, 2.5, 3.0),
        Figure("Skole 1", dt.date(2021, 3, 1), 5.0, None, None),
    ]
    only_long = b"workplace,month,absence_percent,long-term (%)\nSchool 1,2021-03,4.5,3.0\n"
    assert parse_figures(only_long, "f.csv") == [Figure("School 1", dt.date(2021, 3, 1), 4.5, None, 3.0)]
    assert parse_figures(GOOD, "tal.csv")[0] == Figure("Skole 1", dt.date(2021, 1, 1), 6.2, None, None)
    book = openpyxl.Workbook()
    book.active.append(["Arbejdsplads", "Måned", "Fravær (%)", "Korttidsfravær (%)", "Langtidsfravær (%)"])
    book.active.append(["Bosted 1", dt.datetime(2021, 5, 1), 8.25, 3.25, 5.0])
    buffer = io.BytesIO()
    book.save(buffer)
    assert parse_figures(buffer.getvalue(), "tal.xlsx") == [Figure("Bosted 1", dt.date(2021, 5, 1), 8.25, 3.25, 5.0)]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("arbejdsplads;måned;fravær;korttidsfravær;langtidsfravær\nSkole;2021-01;5;3;4\n", "Linje 2: kort og langt fravær giver"),
        ("arbejdsplads;måned;fravær;korttidsfravær\nSkole;2021-01;;3\n", "Linje 2: »« er ikke en procent"),
        ("arbejdsplads;måned;fravær;ferie\nSkole;2021-01;5;3\n", "Første linje skal være overskrifterne"),
        ("arbejdsplads;måned;fravær;korttidsfravær;korttidsfravær\nSkole;2021-01;5;1;1\n", "Første linje skal være"),
        ("arbejdsplads;måned;fravær;langtidsfravær\nSkole;2021-01;5;mange\n", "»mange« er ikke en procent"),
    ],
)
def test_bad_short_or_long_term_columns_are_refused(data, message):
    with pytest.raises(InvalidInput) as info:
        parse_figures(data.encode(), "tal.csv")
    assert message in info.value.message("da")


def test_semicolons_decimal_commas_and_month_forms():
    assert parse_figures(GOOD, "tal.csv") == [
        Figure("Skole 1", dt.date(2021, 1, 1), 6.2),
        Figure("Skole 1", dt.date(2021, 2, 1), 5.8),
        Figure("Dagtilbud 1", dt.date(2021, 2, 1), 7.0),
    ]
    english = b"workplace,month,absence_percent\nSchool 1,2021-03-01,4.5\n"
    assert parse_figures(english, "f.csv") == [Figure("School 1", dt.date(2021, 3, 1), 4.5)]


def test_xlsx_with_real_dates():
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Arbejdsplads", "Måned", "Fravær (%)"])
    sheet.append(["Bosted 1", dt.datetime(2021, 5, 1), 8.25])
    buffer = io.BytesIO()
    book.save(buffer)
    assert parse_figures(buffer.getvalue(), "tal.xlsx") == [Figure("Bosted 1", dt.date(2021, 5, 1), 8.25)]


HEADER = "arbejdsplads;måned;fravær\n".encode()


def _xlsx() -> bytes:
    book = openpyxl.Workbook()
    for n in range(200):
        book.active.append([f"Skole {n}", f"2021-{n % 12 + 1:02d}", n / 10])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _rezipped(change: dict[str, bytes]) -> bytes:
    """The template-like xlsx with some of its parts replaced."""
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(_xlsx())) as good, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for entry in good.infolist():
            out.writestr(entry.filename, change.get(entry.filename, good.read(entry)))
        for name in set(change) - set(good.namelist()):
            out.writestr(name, change[name])
    return buffer.getvalue()


def _truncated_sheet() -> bytes:
    """An xlsx whose sheet stops half-way (its zip directory is intact, so it opens and fails while read)."""
    import zipfile

    with zipfile.ZipFile(io.BytesIO(_xlsx())) as good:
        sheet = good.read("xl/worksheets/sheet1.xml")
    return _rezipped({"xl/worksheets/sheet1.xml": sheet[: len(sheet) // 2]})


def _shared_strings_bomb() -> bytes:
    """A small xlsx whose shared strings unpack to 40 MB (the real one added 600 MB of memory)."""
    strings = b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    return _rezipped({"xl/sharedStrings.xml": strings + b"<si><t>" + b"A" * (40 * 1024 * 1024) + b"</t></si></sst>"})


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "tal.csv", "Filen har ingen tal."),
        (b"arbejdsplads;maaned;fravaer\n", "tal.csv", "Filen har ingen tal."),
        (b"navn;dato;procent\nSkole;2021-01;5\n", "tal.csv", "Første linje skal være overskrifterne"),
        (b"arbejdsplads;m\xc3\xa5ned;frav\xc3\xa6r\nSkole;januar;5\n", "tal.csv", "Linje 2: »januar« er ikke en måned."),
        (b"arbejdsplads;m\xc3\xa5ned;frav\xc3\xa6r\nSkole;2021-13;5\n", "tal.csv", "Linje 2: »2021-13« er ikke en måned."),
        (
            b"arbejdsplads;m\xc3\xa5ned;frav\xc3\xa6r\nSkole;2021-01;120\n",
            "tal.csv",
            "Linje 2: »120« er ikke en procent mellem 0 og 100.",
        ),
        (b"arbejdsplads;m\xc3\xa5ned;frav\xc3\xa6r\nSkole;2021-01;mange\n", "tal.csv", "»mange« er ikke en procent"),
        (b"arbejdsplads;m\xc3\xa5ned;frav\xc3\xa6r\n;2021-01;5\n", "tal.csv", "Linje 2: arbejdspladsen mangler"),
        (
            b"arbejdsplads;m\xc3\xa5ned;frav\xc3\xa6r\nSkole;2021-01;5\nSkole;2021-01;6\n",
            "tal.csv",
            "Linje 3: samme arbejdsplads og måned som linje 2.",
        ),
        (b"arbejdsplads;m\xc3\xa5ned;frav\xc3\xa6r\nSkole;2021-01\n", "tal.csv", "Linje 2 har færre end tre kolonner."),
        (b"%PDF-1.4", "tal.pdf", "Filen kan ikke læses."),
        (b"PK\x03\x04 not really", "tal.xlsx", "Filen kan ikke læses."),
        (b"x" * (1024 * 1024 + 1), "tal.csv", "Filen er for stor"),
        (HEADER + b"Skole;2021-01;" + b"9" * 131_073 + b"\n", "tal.csv", "Filen kan ikke læses."),
        (_xlsx()[:-300], "tal.xlsx", "Filen kan ikke læses."),
        (_xlsx()[:2000], "tal.xlsx", "Filen kan ikke læses."),
        (_truncated_sheet(), "tal.xlsx", "Filen kan ikke læses."),
        (_shared_strings_bomb(), "tal.xlsx", "Filen er for stor"),
    ],
)
def test_bad_files_are_refused_with_the_line_at_fault(data, name, message):
    with pytest.raises(InvalidInput) as info:
        parse_figures(data, name)
    assert message in info.value.message("da")


def test_an_upload_replaces_the_figures_and_a_refused_one_changes_nothing(engine, mini_kit):
    programme = write_tx(engine, programmes.create_programme, mini_kit, "Tal")
    write_tx(engine, replace_figures, programme, parse_figures(GOOD, "tal.csv"))
    assert len(read_tx(engine, list_figures, programme)) == 3
    with pytest.raises(InvalidInput):
        write_tx(
            engine, replace_figures, programme, parse_figures(b"arbejdsplads;m\xc3\xa5ned;frav\xc3\xa6r\nSkole;x;5\n", "tal.csv")
        )
    assert len(read_tx(engine, list_figures, programme)) == 3
    write_tx(engine, replace_figures, programme, [Figure("Skole 9", dt.date(2022, 1, 1), 3.0)])
    assert read_tx(engine, list_figures, programme) == [Figure("Skole 9", dt.date(2022, 1, 1), 3.0)]
    write_tx(engine, replace_figures, programme, parse_figures(template_csv(), "skabelon.csv"))
    assert read_tx(engine, list_figures, programme)[1] == Figure("Arbejdsplads 1", dt.date(2021, 2, 1), 5.8, 2.6, 3.2)


def test_projector_shows_the_trend_on_an_item_that_displays_figures(tmp_path, monkeypatch, mini_kit):
    import streamlit as st

    from brobygger.store import engine_for

    url = f"sqlite:///{tmp_path / 'fig.db'}"
    monkeypatch.setenv("BROBYGGER_DATABASE_URL", url)
    st.cache_resource.clear()
    engine = engine_for(url)
    programme = write_tx(engine, programmes.create_programme, mini_kit, "Tal")
    meeting = read_tx(engine, programmes.list_meetings, programme)[1]
    write_tx(engine, agenda.start_meeting, meeting["id"])
    figures_item = read_tx(engine, agenda.agenda, meeting["id"])[1]
    assert figures_item["display"] == "figures"
    write_tx(engine, agenda.go_to_item, meeting["id"], figures_item["id"])
    at = AppTest.from_file(str(ROOT / "pages" / "present.py"), default_timeout=30)
    at.query_params["code"] = meeting["join_code"]
    at.run()
    assert any(c.value == "Der er ikke uploadet fraværstal til dette forløb endnu." for c in at.caption)
    write_tx(engine, replace_figures, programme, parse_figures(GOOD, "tal.csv"))
    at.run()
    assert not at.exception
    assert not any(c.value.startswith("Der er ikke uploadet") for c in at.caption)
    write_tx(engine, replace_figures, programme, parse_figures(template_csv(), "skabelon.csv"))
    at.run()
    assert not at.exception
    assert len(at.get("plotly_chart")) == 2  # the trend, and short- and long-term absence apart
    st.cache_resource.clear()
