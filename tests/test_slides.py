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
