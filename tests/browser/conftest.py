"""Browser tests: the real server on a free port, driven by the system's Chromium through Playwright."""

from __future__ import annotations

from pathlib import Path

import pytest

from brobygger.devserver import AppProcess, chromium_path, launch_chromium
from tests.conftest import ROOT

SECRET = "browser-test-secret"
OUTPUT = ROOT / "test-output"
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
    "locale": "da-DK",
}
PROJECTOR = {"viewport": {"width": 1920, "height": 1080}}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    srv = AppProcess(tmp_path_factory.mktemp("server"), secret=SECRET).start()
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        if chromium_path() is None:
            pytest.fail(
                "Chromium is not installed: `make test` installs it from the system's packages (apt-get install chromium)"
            )
        launched = launch_chromium(playwright)
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def shots() -> Path:
    OUTPUT.mkdir(exist_ok=True)
    return OUTPUT


def consent(page, yes: bool = True) -> None:
    """Answer the research question a phone asks the first time it joins a programme."""
    page.locator("#consent-yes" if yes else "#consent-no").click()
