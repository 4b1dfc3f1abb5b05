"""The docs a newcomer reads say what exists."""

from brobygger.settings import SETTINGS
from tests.conftest import ROOT


def test_readme_lists_every_setting():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for setting in SETTINGS:
        assert f"`{setting.name}`" in readme, setting.name


def test_readme_starts_with_the_two_commands():
    head = (ROOT / "README.md").read_text(encoding="utf-8")[:600]
    assert "make run" in head and "make test" in head


def test_no_streamlit_import_outside_ui():
    for path in (ROOT / "brobygger").rglob("*.py"):
        if "ui" in path.relative_to(ROOT / "brobygger").parts:
            continue
        text = path.read_text(encoding="utf-8")
        assert "import streamlit" not in text and "from streamlit" not in text, path
