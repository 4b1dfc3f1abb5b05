"""What a connected phone costs the server when nothing happens, next to a live projector.

Starts the real app, opens the Present page in Chromium (a real Streamlit session polling once a
second), then adds phones that poll the phone API every 1.5 s as the phone page does. Prints server
CPU for each stage and resident memory over the run; `--minutes` keeps a projector and phones
answering for longer to check that memory stays flat with `runner.postScriptGC = false`.

    .venv/bin/python bench/idle_phones.py --phones 50 150 --seconds 20
    .venv/bin/python bench/idle_phones.py --phones 150 --memory-minutes 10
"""

from __future__ import annotations

import argparse
import http.client
import json
import random
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from brobygger import services
from brobygger.devserver import AppProcess, launch_chromium
from brobygger.kits import KITS_DIR, load_kit
from brobygger.services import agenda, programmes, responses, runs
from brobygger.simulate import sample_answer
from brobygger.store import engine_for

POLL_SECONDS = 1.5


class Phone(threading.Thread):
    """One phone: joins, then polls with the revision it has, like the phone page."""

    def __init__(self, server: AppProcess, code: str, stop: threading.Event) -> None:
        super().__init__(daemon=True)
        self.server, self.code, self.stop_event = server, code, stop
        self.polls = 0
        self.full = 0
        self.token = ""
        self.join_seconds = 0.0

    def _request(self, conn: http.client.HTTPConnection, method: str, path: str, body: dict | None = None) -> dict:
        headers = {"Content-Type": "application/json", "X-Brobygger-Token": self.token}
        conn.request(method, path, body=json.dumps(body) if body else None, headers=headers)
        return json.loads(conn.getresponse().read())

    def run(self) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=10)
        started = time.monotonic()
        joined = self._request(conn, "POST", "/api/phone/join", {"code": self.code})
        self.join_seconds = time.monotonic() - started
        self.token, rev = joined["t"], joined["state"]["rev"]
        time.sleep(random.random() * POLL_SECONDS)
        while not self.stop_event.is_set():
            state = self._request(conn, "GET", f"/api/phone/state?code={self.code}&rev={rev}")
            self.polls += 1
            if "meeting" in state:
                self.full += 1
                rev = state["rev"]
            self.stop_event.wait(POLL_SECONDS)
        conn.close()


def measure(server: AppProcess, seconds: float) -> float:
    """Server CPU as a percentage of one core over the window."""
    cpu0, t0 = server.cpu_seconds(), time.monotonic()
    time.sleep(seconds)
    return 100 * (server.cpu_seconds() - cpu0) / (time.monotonic() - t0)


def open_projector(server: AppProcess, code: str):
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    browser = launch_chromium(playwright)
    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    page.goto(f"{server.url}/?code={code}&embed=true")
    page.wait_for_selector(".st-key-joincode", timeout=30_000)
    return playwright, browser


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--phones", type=int, nargs="+", default=[50, 150])
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument(
        "--memory-minutes", type=float, default=0, help="also run this long with answers arriving, sampling memory"
    )
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="brobygger-bench-"))
    server = AppProcess(work).start()
    engine = engine_for(server.database_url)
    kit = load_kit(KITS_DIR / "bifrost")
    with services.writing(engine) as conn:
        programme = programmes.create_programme(conn, kit, "Bench")
        meeting = programmes.list_meetings(conn, programme)[0]
        agenda.start_meeting(conn, meeting["id"])
        items = agenda.agenda(conn, meeting["id"])
        placement = next(i for i in items if i["template_item_id"] == "role-placement")
        agenda.go_to_item(conn, meeting["id"], placement["id"])
        runs.open_exercise(conn, placement["run"]["id"])
        runs.show_results(conn, placement["run"]["id"], True)
    rows = []
    try:
        time.sleep(2)
        rows.append(("server, no clients", measure(server, args.seconds), ""))
        playwright, browser = open_projector(server, meeting["join_code"])
        projector = measure(server, args.seconds)
        rows.append(("projector (Streamlit fragment, 0.5 s)", projector, ""))
        stop = threading.Event()
        phones: list[Phone] = []
        for target in sorted(args.phones):
            while len(phones) < target:
                phone = Phone(server, meeting["join_code"], stop)
                phone.start()
                phones.append(phone)
            time.sleep(POLL_SECONDS * 2)
            polls0 = sum(p.polls for p in phones)
            cpu = measure(server, args.seconds)
            polls = sum(p.polls for p in phones) - polls0
            per_poll_ms = 10 * (cpu - projector) * args.seconds / max(polls, 1)
            rows.append(
                (f"projector + {target} idle phones", cpu, f"{polls / args.seconds:.0f} polls/s, {per_poll_ms:.2f} ms CPU a poll")
            )
        print(f"{'stage':<40} {'server CPU (% of a core)':>25}  notes")
        for name, cpu, note in rows:
            print(f"{name:<40} {cpu:>25.1f}  {note}")
        print(f"resident memory: {server.rss_mb():.0f} MB with {len(phones)} phones")
        joins = sorted(p.join_seconds for p in phones)
        print(
            f"join (all phones of a stage arriving at once): p50 {joins[len(joins) // 2]:.2f} s, "
            f"p95 {joins[int(len(joins) * 0.95)]:.2f} s, max {joins[-1]:.2f} s"
        )

        if args.memory_minutes:
            rng = random.Random(3)
            with services.reading(engine) as conn:
                definition = runs.exercise_of_run(conn, placement["run"]["id"])
            end = time.monotonic() + args.memory_minutes * 60
            samples = []
            while time.monotonic() < end:
                for phone in rng.sample(phones, min(10, len(phones))):
                    with services.writing(engine) as conn:  # one phone's answer, one transaction
                        responses.submit_response(conn, phone.token, placement["run"]["id"], sample_answer(definition, rng))
                samples.append(server.rss_mb())
                time.sleep(5)
            print(
                f"memory over {args.memory_minutes:g} min with answers every 5 s: "
                f"start {samples[0]:.0f} MB, max {max(samples):.0f} MB, end {samples[-1]:.0f} MB"
            )
        stop.set()
        browser.close()
        playwright.stop()
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
