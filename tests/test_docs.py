"""The docs a newcomer reads say what exists."""

from brobygger.settings import Settings, env_name
from tests.conftest import ROOT


def test_readme_lists_every_setting():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for field in Settings.model_fields:
        assert f"`{env_name(field)}`" in readme, env_name(field)


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
    from brobygger.exercises import BUILT_IN

    docs = (ROOT / "docs" / "kits.md").read_text(encoding="utf-8")
    for name, module in ((unit.name, unit) for unit in BUILT_IN):
        section = docs.split(f"### `{name}`", 1)
        assert len(section) == 2, name
        body = section[1].split("\n### ", 1)[0]
        for field in module.Definition.model_fields:
            if field not in ("type", "prompt"):
                assert f"`{field}`" in body, (name, field)


def test_streamlit_security_settings_stay_on():
    """XSRF protection is Streamlit's default; the project's config must not switch it (or CORS checks) off."""
    import tomllib

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    server = config.get("server", {})
    assert server.get("enableXsrfProtection", True) is True and server.get("enableCORS", True) is True
    assert config["client"]["showErrorDetails"] == "none"  # no traceback with server paths reaches a page


def test_no_page_renders_html_from_data():
    """unsafe_allow_html appears only for the projector's own stylesheet, never with data."""
    for path in [*(ROOT / "pages").glob("*.py"), *(ROOT / "brobygger").rglob("*.py")]:
        text = path.read_text(encoding="utf-8")
        assert "unsafe_allow_html=True" not in text, path


def test_every_test_named_in_the_reliability_doc_exists():
    import re

    doc = (ROOT / "docs" / "reliability.md").read_text(encoding="utf-8")
    named = re.findall(r"`(tests/[\w/]+\.py)::(\w+)`", doc)
    named += [
        (file, name)
        for file, names in re.findall(r"`(tests/[\w/]+\.py)::\w+`((?:, `\w+`)+)", doc)
        for name in re.findall(r"`(\w+)`", names)
    ]
    assert len(named) > 20
    for file, name in named:
        assert f"def {name}(" in (ROOT / file).read_text(encoding="utf-8"), f"{file}::{name}"


def test_every_message_is_in_danish_and_english_with_the_same_placeholders():
    import string

    from brobygger.i18n import MESSAGES

    for key, texts in MESSAGES.items():
        assert texts.get("da") and texts.get("en"), key
        fields = {lang: {f for _, f, _, _ in string.Formatter().parse(text) if f} for lang, text in texts.items()}
        assert len({frozenset(f) for f in fields.values()}) == 1, key


def test_starting_the_server_asks_no_other_host():
    """Streamlit's welcome banner looks up this machine's external address on the internet; ours prints the addresses."""
    import tomllib

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["logger"]["hideWelcomeMessage"] is True
