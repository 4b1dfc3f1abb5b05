"""Each Streamlit page in its main states, through Streamlit's AppTest (live updates are in the browser tests)."""

from __future__ import annotations

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from brobygger.services import agenda, participants, programmes, responses, runs
from brobygger.simulate import sample_answer
from brobygger.store import engine_for
from tests.conftest import ROOT, read_tx, write_tx

SECRET = "page-test-secret"


@pytest.fixture
def store(tmp_path, monkeypatch, bifrost_kit):
    """A fresh SQLite store the pages will use, holding one Bifrost programme."""
    url = f"sqlite:///{tmp_path / 'pages.db'}"
    monkeypatch.setenv("BROBYGGER_DATABASE_URL", url)
    monkeypatch.setenv("BROBYGGER_SECRET", SECRET)
    st.cache_resource.clear()
    engine = engine_for(url)
    programme_id = write_tx(engine, programmes.create_programme, bifrost_kit, "Bifrost sidetest")
    yield engine, read_tx(engine, programmes.list_meetings, programme_id)[0]
    st.cache_resource.clear()


def _page(name: str, signed_in: bool = True, **params: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "pages" / f"{name}.py"), default_timeout=30)
    if signed_in:
        at.session_state["signed_in"] = True
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def _texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [t.value for t in at.text] + [e.value for e in at.error] + [i.value for i in at.info]
    parts += (
        [s.value for s in at.success]
        + [c.value for c in at.caption]
        + [h.value for h in at.header]
        + [h.value for h in at.subheader]
    )
    return "\n".join(str(p) for p in parts)


def test_moderate_needs_the_secret(store):
    at = _page("moderate", signed_in=False)
    assert at.subheader[0].value == "Kun for moderator og arrangør"
    assert not any(b.key == "start" for b in at.button)
    at.text_input(key="secret_input").input("forkert")
    at.button[0].click().run()
    assert at.error[0].value == "Forkert adgangskode. Prøv igen."
    at.text_input(key="secret_input").input(SECRET)
    at.button[0].click().run()
    assert at.session_state["signed_in"] is True
    assert any(b.key == "start" for b in at.button)


def test_too_many_wrong_secrets_lock_the_form(store):
    at = _page("moderate", signed_in=False)
    for _ in range(5):
        at.text_input(key="secret_input").input("forkert")
        at.button[0].click().run()
        assert at.error[0].value == "Forkert adgangskode. Prøv igen."
    at.text_input(key="secret_input").input(SECRET)  # even the right secret waits now
    at.button[0].click().run()
    assert "signed_in" not in at.session_state
    assert at.error[0].value.startswith("For mange forsøg. Vent ") and at.error[0].value.endswith(" sekunder.")
    assert 1 <= int(at.error[0].value.split()[-2]) <= 60
    fresh = _page("moderate", signed_in=False)  # a reload is a new session, but the count stays
    fresh.text_input(key="secret_input").input(SECRET)
    fresh.button[0].click().run()
    assert "signed_in" not in fresh.session_state and fresh.error[0].value.startswith("For mange forsøg.")


def test_whole_dm1_runs_from_the_moderator_console_alone(store, bifrost_kit):
    engine, meeting = store
    at = _page("moderate", meeting=str(meeting["id"]))
    at.button(key="start").click().run()
    people = [write_tx(engine, participants.join_meeting, meeting["join_code"])[1] for _ in range(3)]
    import random

    rng = random.Random(1)
    plan = bifrost_kit.meeting("dm1").agenda
    for position, item in enumerate(plan, start=1):
        assert at.subheader[0].value == f"{position}. {item.title.get('da')}"
        if item.exercise is not None:
            at.button(key="open_close").click().run()
            run = read_tx(engine, agenda.agenda, meeting["id"])[position - 1]["run"]
            assert run["state"] == "open"
            for person in people:
                write_tx(engine, responses.submit_response, person.token, run["id"], sample_answer(item.exercise, rng))
            at.run()
            assert "3 af 3 har svaret" in _texts(at)
            at.button(key="show_results").click().run()
            at.button(key="open_close").click().run()
        if position < len(plan):
            at.button(key="next").click().run()
    at.button(key="end_meeting").click().run()
    assert read_tx(engine, programmes.get_meeting, meeting["id"])["status"] == "closed"
    assert "Mødet er afsluttet." in _texts(at)
    items = read_tx(engine, agenda.agenda, meeting["id"])
    assert all(i["started_at"] and i["ended_at"] for i in items)
    played = [i["run"] for i in items if i["run"]]
    assert len(played) == sum(1 for a in plan if a.exercise) and all(
        r["state"] == "closed" and r["results_shown"] for r in played
    )
    assert all(read_tx(engine, runs.results, r["id"])["answered"] == 3 for r in played)


def test_present_without_a_code_lists_meetings_only_behind_the_secret(store):
    at = _page("present", signed_in=False)
    assert at.header[0].value == "Vælg det møde, der skal vises på projektoren"
    assert at.subheader[0].value == "Kun for moderator og arrangør" and not at.selectbox
    at = _page("present", signed_in=True)
    assert "Udviklingsmøde 1" in at.selectbox[0].format_func(at.selectbox[0].value)


def test_present_before_the_start_and_with_hidden_and_closed_results(store):
    engine, meeting = store
    at = _page("present", signed_in=False, code=meeting["join_code"])
    assert "Mødet begynder snart" in _texts(at)
    assert meeting["join_code"] in _texts(at)
    write_tx(engine, agenda.start_meeting, meeting["id"])
    run = next(i["run"] for i in read_tx(engine, agenda.agenda, meeting["id"]) if i["run"])
    write_tx(engine, agenda.go_to_item, meeting["id"], run["agenda_item_id"])
    write_tx(engine, runs.open_exercise, run["id"])
    _, person = write_tx(engine, participants.join_meeting, meeting["join_code"])
    write_tx(engine, responses.submit_response, person.token, run["id"], {"text": "Mere dialog"})
    at.run()
    texts = _texts(at)
    assert "1 af 1 har svaret · Svar på din telefon nu" in texts
    assert "Resultaterne vises, når moderatoren åbner for dem." in texts
    assert "Mere dialog" not in texts
    write_tx(engine, runs.close_exercise, run["id"])
    write_tx(engine, runs.show_results, run["id"], True)
    at.run()
    texts = _texts(at)
    assert "1 af 1 har svaret · Øvelsen er lukket" in texts and "Mere dialog" in texts
    write_tx(engine, agenda.set_show_qr, meeting["id"], False)
    at.run()
    assert meeting["join_code"] not in _texts(at)


def test_present_in_english(store):
    engine, meeting = store
    write_tx(engine, agenda.start_meeting, meeting["id"])
    at = _page("present", signed_in=False, code=meeting["join_code"], lang="en")
    assert "left" in _texts(at) and "Join at" in _texts(at)


def test_organise_creates_a_programme_and_refuses_an_empty_name(store):
    engine, _ = store
    at = _page("organise")
    form_name = next(t for t in at.text_input if t.label == "Forløbets navn")
    form_name.input("   ")
    next(b for b in at.button if b.label == "Opret forløb med alle møder").click().run()
    assert at.error[0].value == "Skriv noget i feltet, før du gemmer."
    assert len(read_tx(engine, programmes.list_programmes)) == 1
    form_name = next(t for t in at.text_input if t.label == "Forløbets navn")
    form_name.input("Bifrost 2027, region Midt")
    next(b for b in at.button if b.label == "Opret forløb med alle møder").click().run()
    assert at.success[0].value == "Forløbet er oprettet med 6 møder."
    assert read_tx(engine, programmes.list_programmes)[0]["name"] == "Bifrost 2027, region Midt"  # newest first


def test_organise_needs_the_secret(store):
    at = _page("organise", signed_in=False)
    assert at.subheader[0].value == "Kun for moderator og arrangør"
    assert not any(b.label == "Opret forløb med alle møder" for b in at.button)


def test_library_shows_the_kit_content(store):
    at = _page("library", signed_in=False)
    assert at.title[0].value.startswith("Bifrost")
    texts = _texts(at)
    for role in ("Produktsælgeren", "Eksperten", "Værdifuld ressource", "Betroet rådgiver"):
        assert role in texts
    at.radio(key="library_language").set_value("en").run()
    assert "Trusted advisor" in _texts(at)


def test_organise_prepares_the_downloads(store):
    engine, _meeting = store
    from brobygger.demo import create_demo
    from brobygger.kits import load_kit
    from tests.conftest import BIFROST_KIT

    create_demo(engine, load_kit(BIFROST_KIT), participants=4)
    at = _page("organise")
    at.button(key="prepare_exports").click().run()
    assert not at.exception
    labels = [b.proto.label for b in at.get("download_button") if "download_" in b.proto.id][-9:]
    assert labels == [
        "Mødereferat (Word)",
        "Mødereferat (PDF)",
        "Forløbsrapport (Word)",
        "Forløbsrapport (PDF)",
        "Hent mødets regneark (xlsx)",
        "Hent forløbets regneark (xlsx)",
        "Hent data til forskning (CSV + kodebog, zip)",
        "Hent SPSS-fil (.sav, én række pr. deltager)",
        "Hent Stata-fil (.dta, én række pr. deltager)",
    ]
    said = [c.value for c in at.caption if c.value.startswith("Forskningsfilerne")]
    assert len(said) == 1 and " har sagt ja; " in said[0]  # who the research files hold, beside them


def test_organise_duplicates_a_kit_and_lists_problems_in_a_bad_id(store):
    engine, _ = store
    from brobygger.kit_library import all_kits

    at = _page("organise")
    at.text_input(key="duplicate_id").input("Ikke Gyldig")
    next(b for b in at.button if b.label == "Lav kopien").click().run()
    assert at.error[0].value.startswith("Kittet blev ikke gemt. Ret disse 1 fejl")
    assert "ids use lower-case letters" in at.error[0].value
    assert "ikke-gyldig" not in all_kits(engine)
    at.text_input(key="duplicate_id").input("bifrost-nord")
    at.text_input(key="duplicate_title").input("Bifrost Nord")
    next(b for b in at.button if b.label == "Lav kopien").click().run()
    assert at.success[0].value == "Kittet »bifrost-nord« er gemt og kan bruges til nye forløb."
    assert all_kits(engine)["bifrost-nord"].manifest.title.get("da") == "Bifrost Nord"


def test_present_with_an_unknown_code_says_so(store):
    at = _page("present", signed_in=False, code="ZZZZZZ")
    assert at.error[0].value == "Koden findes ikke. Tjek de seks tegn på skærmen og prøv igen." and not at.exception


def test_the_language_picker_switches_the_whole_app_to_english(store):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30).run()
    assert not at.exception
    assert at.header[0].value == "Vælg det møde, der skal vises på projektoren"
    at.radio(key="language_picker").set_value("en").run()
    assert at.header[0].value == "Choose the meeting to show on the projector"
    assert at.query_params["lang"] in ("en", ["en"])


def test_organise_purges_a_programme_only_with_its_name_typed(store):
    engine, _ = store
    at = _page("organise")
    at.text_input(key=next(t.key for t in at.text_input if t.key and t.key.startswith("purge_name_"))).input("forkert navn")
    at.button(key="purge_programme").click().run()
    assert at.error[0].value == "Navnet passer ikke. Intet er slettet."
    assert len(read_tx(engine, programmes.list_programmes)) == 1
    at.text_input(key=next(t.key for t in at.text_input if t.key and t.key.startswith("purge_name_"))).input("Bifrost sidetest")
    at.button(key="purge_programme").click().run()
    assert read_tx(engine, programmes.list_programmes) == []


def test_organise_shows_the_evaluation_trend_once_a_meeting_is_evaluated(store):
    engine, _ = store
    from brobygger.demo import create_demo
    from brobygger.kits import load_kit
    from tests.conftest import BIFROST_KIT

    at = _page("organise")
    assert not any(s.value == "Evaluering på tværs af møderne (gennemsnit)" for s in at.subheader)
    create_demo(engine, load_kit(BIFROST_KIT), participants=4)
    at = _page("organise")  # the newest programme, the demo, is chosen first
    assert any(s.value == "Evaluering på tværs af møderne (gennemsnit)" for s in at.subheader) and not at.exception


def test_organise_tables_show_words_not_ids_or_none(store):
    """An unset date is empty (never "None") and an action's status is a word of the user's (never the id `open`)."""
    engine, meeting = store
    write_tx(engine, agenda.start_meeting, meeting["id"])
    _, person = write_tx(engine, participants.join_meeting, meeting["join_code"])
    run = next(i["run"]["id"] for i in read_tx(engine, agenda.agenda, meeting["id"]) if i["template_item_id"] == "actions")
    write_tx(engine, runs.open_exercise, run)
    write_tx(engine, responses.submit_response, person.token, run, {"actions": [{"what": "Ring til HR"}]})
    for lang, status in (("da", "åben"), ("en", "open")):
        at = _page("organise", lang=lang)
        assert not at.exception
        meetings, actions = at.dataframe[0].value, at.dataframe[-1].value
        dates = meetings.iloc[:, 1].tolist()
        assert dates and all(isinstance(d, str) for d in dates) and "None" not in dates
        assert actions.iloc[0].tolist()[:2] == ["P01", "Ring til HR"] and actions.iloc[0].tolist()[-1] == status
        assert "None" not in actions.astype(str).to_numpy().ravel().tolist()


def _editor_returning(change):
    """`st.data_editor` as if the organiser had typed `change(frame)` into it (AppTest cannot type into one)."""
    real = st.data_editor

    def fake(data, *args, **kwargs):
        real(data, *args, **kwargs)
        return change(data.copy())

    return fake


def test_the_agenda_editor_saves_all_rows_or_none(store, monkeypatch):
    engine, meeting = store
    before = read_tx(engine, agenda.agenda, meeting["id"])

    def bad_second_row(frame):
        frame.iloc[0, 1] = "Ny titel"
        frame.iloc[1, 3] = 900  # beyond 600 minutes: refused
        return frame

    monkeypatch.setattr(st, "data_editor", _editor_returning(bad_second_row))
    at = _page("organise")
    at.button(key="save_agenda").click().run()
    assert not at.exception and [e.value for e in at.error] == ["Minutter skal være et helt tal fra 1 til 600."]
    assert read_tx(engine, agenda.agenda, meeting["id"]) == before  # the good first row was not saved either


def test_the_follow_up_editor_saves_all_marks_or_none(store, monkeypatch):
    engine, dm1 = store
    write_tx(engine, agenda.start_meeting, dm1["id"])
    person = write_tx(engine, participants.join_meeting, dm1["join_code"])[1]
    run = next(i["run"]["id"] for i in read_tx(engine, agenda.agenda, dm1["id"]) if i["template_item_id"] == "actions")
    write_tx(engine, runs.open_exercise, run)
    write_tx(engine, responses.submit_response, person.token, run, {"actions": [{"what": "A"}, {"what": "B"}]})
    write_tx(engine, agenda.end_meeting, dm1["id"])
    nm1 = read_tx(engine, programmes.list_meetings, dm1["programme_id"])[1]
    write_tx(engine, agenda.start_meeting, nm1["id"])
    follow = next(i for i in read_tx(engine, agenda.agenda, nm1["id"]) if i["kind"] == "follow-up")
    write_tx(engine, agenda.go_to_item, nm1["id"], follow["id"])
    from brobygger.services import actions

    def bad_second_row(frame):
        frame.iloc[0, 4] = "gjort"
        frame.iloc[1, 5] = "x" * 5000  # too long: refused
        return frame

    monkeypatch.setattr(st, "data_editor", _editor_returning(bad_second_row))
    at = _page("moderate", meeting=str(nm1["id"]))
    at.button(key="save_follow_up").click().run()
    assert not at.exception and len(at.error) == 1
    assert [a["status"] for a in read_tx(engine, actions.actions_to_follow_up, nm1["id"])] == ["open", "open"]


@pytest.mark.parametrize("lang", ["da", "en"])
def test_an_error_in_one_section_of_organise_leaves_the_rest_of_the_page(store, monkeypatch, lang):
    """A fault in the figures section (say, a file it cannot read) is said there; the downloads, the
    actions and the purge section after it still render, and no traceback is shown."""
    import brobygger.ui.figures_upload
    from brobygger.i18n import t

    def broken(programme_id):
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(brobygger.ui.figures_upload, "figures_upload", broken)
    at = _page("organise", lang=lang)
    assert not at.exception
    assert [e.value for e in at.error] == [t("error.section", lang)]
    assert any(b.key == "prepare_exports" for b in at.button) and any(b.key == "purge_programme" for b in at.button)


def test_the_library_lists_and_parses_only_shipped_kits_until_signed_in(store, monkeypatch):
    """An organiser's own kit is neither listed nor parsed for someone without the secret."""
    from brobygger import kit_library, kits
    from tests.test_kit_library import _mini

    engine, _ = store
    kit_library.save_kit(engine, _mini())
    kit_library._parsed.clear()
    parsed: list[str] = []
    real = kits.load_kit_files
    monkeypatch.setattr(kit_library, "load_kit_files", lambda files, source="kit": parsed.append(source) or real(files, source))
    at = _page("library", signed_in=False)
    shipped = [k.manifest.title.get("da", "en") for k in kit_library.shipped_kits().values()]
    assert not at.exception and at.selectbox[0].options == shipped and parsed == []
    at = _page("library", signed_in=True)
    assert at.selectbox[0].options == [*shipped, "Minikit til test"] and parsed == ["my-kit"]


IMAGES = [
    "![](http://tracker.example.org/p.png)",
    "See ![a map](https://example.org/map.png 'title') here",
    "![ref image][logo]\n\n[logo]: http://example.org/logo.png",
    "![![nested](http://a.example/x.png)](http://b.example/y.png)",
    "![shortcut]\n\n[shortcut]: http://example.org/s.png",
]


@pytest.mark.parametrize("text", IMAGES)
def test_kit_markdown_never_has_an_image(text):
    """What md() gives, parsed as CommonMark (as the browser's renderer does), holds no image at all."""
    from markdown_it import MarkdownIt

    from brobygger.ui.common import md

    def images(tokens):
        return [t for t in tokens if t.type == "image"] + [i for t in tokens for i in images(t.children or [])]

    parser = MarkdownIt("commonmark")
    assert images(parser.parse(text)) != []  # the case is an image before
    assert images(parser.parse(md(text))) == []


def test_library_and_projector_render_kit_text_without_remote_images(store):
    """A kit entry, a meeting title and an agenda item holding images: the pages show their text only."""
    from brobygger import kit_library
    from tests.test_kit_library import _mini

    engine, meeting = store
    files = _mini()
    files["catalogues/roles.yaml"] = files["catalogues/roles.yaml"].replace(
        "text: {da: Begge lave., en: Both low.}", "text: {da: 'Se ![kort](http://tracker.example.org/p.png)', en: x}"
    )
    kit_library.save_kit(engine, files)
    item = read_tx(engine, agenda.agenda, meeting["id"])[0]
    write_tx(engine, agenda.edit_agenda_item, item["id"], title={"da": "Start ![](http://tracker.example.org/t.png)"})
    write_tx(engine, agenda.start_meeting, meeting["id"])
    library = _page("library", signed_in=True)
    library.selectbox[0].select_index(len(library.selectbox[0].options) - 1).run()
    projector = _page("present", signed_in=False, code=meeting["join_code"])
    for at in (library, projector):
        assert not at.exception
        shown = "\n".join(str(m.value) for m in at.markdown)
        assert "http://tracker.example.org" not in shown and "![" not in shown
    assert "Se kort" in "\n".join(str(m.value) for m in library.markdown)
    assert "# Start" in "\n".join(str(m.value) for m in projector.markdown).split("\n")


def test_organise_merges_two_pseudonyms_and_shows_the_log(store):
    engine, meeting = store
    write_tx(engine, agenda.start_meeting, meeting["id"])
    for _ in range(2):
        write_tx(engine, participants.join_meeting, meeting["join_code"])
    at = _page("organise")
    fields = {t.label: t for t in at.text_input}
    fields["Behold"].input("P01")
    fields["Flet ind (forsvinder)"].input("P02")
    fields["Dit navn (til loggen)"].input("Anna")
    next(b for b in at.button if b.label == "Flet").click().run()
    assert not at.exception and [s.value for s in at.success] == ["P02 er flettet ind i P01: 0 svar og 0 handlinger flyttet."]
    log = at.dataframe[-1].value
    assert log.iloc[0].tolist()[1:] == ["Anna", "P02 → P01"]
    assert len(read_tx(engine, participants.attendees, meeting["id"])) == 1


def test_no_table_on_a_page_holds_an_empty_value_shown_as_none(store):
    """A table's empty cell is drawn as a grey "None" on the canvas (invisible to a text search in the browser):
    every table on Moderate and Organise, before and during a meeting, has text or numbers in every cell."""
    engine, meeting = store
    for started in (False, True):
        if started:
            write_tx(engine, agenda.start_meeting, meeting["id"])
        for name, params in (("moderate", {"meeting": str(meeting["id"])}), ("organise", {})):
            at = _page(name, **params)
            assert not at.exception and at.dataframe, name
            for frame in at.dataframe:
                assert not frame.value.isna().any().any(), (name, started, frame.value)
