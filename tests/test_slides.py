"""Projector slides: a slide that fails says so in words and leaves the rest of the wall running."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest


def _failing_slide_then_text() -> None:
    import streamlit as st

    from brobygger.ui import slides

    def broken(screen):
        raise RuntimeError("boom")

    screen = slides.Screen({"meeting": {"id": 1, "status": "live"}, "current": None, "open_item": None}, "da")
    slides.draw(slides.Slide("broken", lambda s: True, broken), screen)
    st.text("the wall goes on")


def test_a_failing_slide_shows_a_sentence_not_an_error_and_the_page_goes_on():
    app = AppTest.from_function(_failing_slide_then_text).run()
    assert not app.exception
    assert app.caption[0].value == "Dette kan ikke vises lige nu. Mødet fortsætter; svarene er gemt."
    assert app.text[0].value == "the wall goes on"


def _page_that_fails() -> None:
    from brobygger.ui.common import run_page

    class Forged:
        url_path = "organise"

        def run(self) -> None:
            raise ValueError("a widget value that is not one of its options")

    run_page(Forged())


def test_a_page_that_fails_shows_one_sentence_in_the_users_language_not_a_traceback():
    app = AppTest.from_function(_page_that_fails).run()
    assert not app.exception
    assert app.error[0].value.startswith("Siden kunne ikke vises. Genindlæs siden")
