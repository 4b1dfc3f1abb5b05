"""The phone's one script: assembled from dom.js, the page's core and each exercise type's widget file."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from brobygger import languages
from brobygger.exercises.registry import widget_files
from brobygger.phone import assets, routes

TYPES = ("placement", "matrix", "choice", "scale", "text", "ranking", "evaluation", "actions")


@pytest.fixture
def client() -> TestClient:
    return TestClient(Starlette(routes=routes.phone_routes()))


def _languages(script: str) -> dict:
    match = re.search(r"^const LANGUAGES = (\{.*\});$", script, re.MULTILINE)
    assert match, "the served phone script starts with its LANGUAGES line"
    return json.loads(match.group(1))


def test_phone_script_is_one_file_with_every_widget_and_one_dom_helper(client):
    response = client.get("/j/assets/phone.js")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/javascript")
    assert response.headers["cache-control"] == "no-cache" and response.headers["x-content-type-options"] == "nosniff"
    script = response.text
    for kind in TYPES:
        assert script.count(f'registerWidget("{kind}"') == 1, kind
    assert script.count("function el(") == 1 and script.count("function registerWidget(") == 1
    # every widget is registered by the time the page starts: start() is hooked to DOMContentLoaded,
    # which fires only after the whole (deferred) script, widget files included, has run
    assert script.index('document.addEventListener("DOMContentLoaded", start)') < script.index('registerWidget("placement"')
    assert script.startswith('"use strict";\n')


def test_log_script_has_the_dom_helper_once(client):
    response = client.get("/j/assets/log.js")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/javascript")
    assert response.text.count("function el(") == 1 and "registerWidget" not in response.text


def test_the_page_sources_no_longer_define_the_dom_helper():
    static = assets.STATIC
    for name in ("phone.js", "log.js"):
        assert "function el(" not in (static / name).read_text(encoding="utf-8"), name
    assert "function el(" in (static / "dom.js").read_text(encoding="utf-8")
    assert "LANG_NAMES" not in (static / "phone.js").read_text(encoding="utf-8")
    assert "const WIDGETS = {" not in (static / "phone.js").read_text(encoding="utf-8")


def test_each_widget_lives_beside_its_type():
    files = widget_files()
    assert [f.stem for f in files[: len(TYPES)]] == list(TYPES)
    for path in files[: len(TYPES)]:
        assert path.read_text(encoding="utf-8").count(f'registerWidget("{path.stem}", function (def, answer, setDraft) {{') == 1


def test_the_phone_gets_its_languages_from_one_place(client):
    got = _languages(client.get("/j/assets/phone.js").text)
    assert got["codes"] == list(languages.PHONE)
    assert got["names"] == {code: languages.NAMES[code] for code in languages.PHONE}
    assert got["ui"] == list(languages.UI) and got["default"] == languages.DEFAULT


def test_an_unchanged_script_is_not_sent_again(client):
    first = client.get("/j/assets/phone.js")
    again = client.get("/j/assets/phone.js", headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304 and not again.content


def test_a_type_registered_later_gets_a_fresh_script(client, monkeypatch, tmp_path):
    before = client.get("/j/assets/phone.js").text
    plugin = tmp_path / "plugin_kind.js"
    plugin.write_text('registerWidget("plugin_kind", function (def, answer, setDraft) { return el("p", { text: "x" }); });\n')
    monkeypatch.setattr(assets, "widget_files", lambda: [*widget_files(), plugin])
    after = client.get("/j/assets/phone.js").text
    assert 'registerWidget("plugin_kind"' in after and 'registerWidget("plugin_kind"' not in before
    assert after.startswith(before[: before.index("// ---- placement.js")])


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
@pytest.mark.parametrize("name", ["phone.js", "log.js"])
def test_the_served_scripts_parse(name, tmp_path):
    path = tmp_path / name
    path.write_bytes(assets.served_script(name)[0])
    result = subprocess.run(["node", "--check", str(path)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
