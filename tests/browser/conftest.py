"""Browser tests: the real server on a free port, driven by the system's Chromium through Playwright."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from brobygger.devserver import AppProcess
from tests.conftest import ROOT

SECRET = "browser-test-secret"
OUTPUT = ROOT / "test-output"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
    "locale": "da-DK",
}
PROJECTOR = {"viewport": {"width": 1920, "height": 1080}}


def chromium_path() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    pytest.fail("Chromium is not installed: `make test` installs it from the system's packages (apt-get install chromium)")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    srv = AppProcess(tmp_path_factory.mktemp("server"), secret=SECRET).start()
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def shots() -> Path:
    OUTPUT.mkdir(exist_ok=True)
    return OUTPUT
