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


def test_kit_docs_describe_every_exercise_type_and_field():
    from brobygger.exercises import TYPES

    docs = (ROOT / "docs" / "kits.md").read_text(encoding="utf-8")
    for name, module in TYPES.items():
        section = docs.split(f"### `{name}`", 1)
        assert len(section) == 2, name
        body = section[1].split("\n### ", 1)[0]
        for field in module.Definition.model_fields:
            if field not in ("type", "prompt"):
                assert f"`{field}`" in body, (name, field)
