"""A room full of phones against the real server, with a real projector watching.

Each simulated phone does what the phone page does, over the same HTTP routes: loads /j/CODE with
its script and stylesheet, joins, polls the state every 1.5 s with the revision it has, answers the
open exercise at a moment spread over 20-60 s, and about a third change their answer later. The
projector is the real Present page in Chromium; the bench reads its "n of m have answered" line.

    .venv/bin/python bench/phones.py --phones 300
    .venv/bin/python bench/phones.py --phones 10 50 150 300 --json bench/results.json
    .venv/bin/python bench/phones.py --phones 300 --phone-url http://127.0.0.1:8080 --projector-url http://127.0.0.1:8080 \\
        --database postgresql+psycopg://postgres@127.0.0.1/test      # servers already running (docs/deploy.md)

Exits 1 if any acknowledged answer is missing from the store or from the projector.
"""

from __future__ import annotations

import argparse
import http.client
import json
import random
import re
import statistics
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from brobygger import services
from brobygger.devserver import AppProcess, launch_chromium
from brobygger.kits import KITS_DIR, load_kit
from brobygger.services import agenda, programmes, responses, runs
from brobygger.simulate import sample_answer
from brobygger.store import engine_for

POLL_SECONDS = 1.5


@dataclass
class Phone:
    base: str
    code: str
    rng: random.Random
    definition: object
    answer_at: float
    change_at: float | None
    token: str = ""
    bytes_down: int = 0
    ready_seconds: float = 0.0
    ready_bytes: int = 0
    first_ack: float | None = None
    acks: int = 0
    errors: list[str] = field(default_factory=list)

    def _connection(self) -> http.client.HTTPConnection:
        parts = urlsplit(self.base)
        return http.client.HTTPConnection(parts.hostname, parts.port or 80, timeout=15)

    def _get(self, conn, path: str, headers: dict | None = None) -> tuple[int, bytes]:
        conn.request("GET", path, headers=headers or {})
        response = conn.getresponse()
        body = response.read()
        self.bytes_down += len(body) + sum(len(k) + len(v) + 4 for k, v in response.getheaders())
        return response.status, body

    def _post(self, conn, path: str, body: dict) -> tuple[int, dict]:
        conn.request("POST", path, body=json.dumps(body), headers={"Content-Type": "application/json"})
        response = conn.getresponse()
        raw = response.read()
        self.bytes_down += len(raw) + sum(len(k) + len(v) + 4 for k, v in response.getheaders())
        return response.status, json.loads(raw)

    def run(self, start: float, stop: threading.Event, run_id: int) -> None:
        conn = self._connection()
        opened = time.monotonic()
        for path in (f"/j/{self.code}", "/j/assets/phone.js", "/j/assets/phone.css"):
            self._get(conn, path)
        status, joined = self._post(conn, "/api/phone/join", {"code": self.code})
        if status != 200:
            self.errors.append(f"join {status}")
            return
        self.token, rev = joined["t"], joined["state"]["rev"]
        self.ready_seconds = time.monotonic() - opened
        self.ready_bytes = self.bytes_down
        pending = [self.answer_at] + ([self.change_at] if self.change_at else [])
        next_poll = time.monotonic() + self.rng.random() * POLL_SECONDS
        while not stop.is_set():
            now = time.monotonic()
            if pending and now - start >= pending[0]:
                pending.pop(0)
                answer = sample_answer(self.definition, self.rng, group="advisor" if self.rng.random() < 0.5 else "sme")
                try:
                    status, _ = self._post(conn, "/api/phone/answer", {"t": self.token, "run_id": run_id, "answer": answer})
                except OSError as exc:
                    self.errors.append(f"answer {exc}")
                    conn = self._connection()
                    continue
                if status == 200:
                    self.acks += 1
                    if self.first_ack is None:
                        self.first_ack = time.monotonic()
                else:
                    self.errors.append(f"answer {status}")
            if now >= next_poll:
                try:
                    status, body = self._get(
                        conn, f"/api/phone/state?code={self.code}&rev={rev}", {"X-Brobygger-Token": self.token}
                    )
                    if status == 200:
                        rev = json.loads(body).get("rev", rev)
                except OSError:
                    conn = self._connection()
                next_poll = now + POLL_SECONDS
            stop.wait(0.05)
        conn.close()


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))] if ordered else float("nan")


def run_room(
    n: int, *, phone_urls: list[str], projector_url: str, database_url: str, server: AppProcess | None, seconds: float, seed: int
) -> dict:
    from playwright.sync_api import sync_playwright

    engine = engine_for(database_url)
    kit = load_kit(KITS_DIR / "bifrost")
    with services.writing(engine) as conn:
        programme = programmes.create_programme(conn, kit, f"Bench {n} phones", with_meetings=False)
        meeting = programmes.get_meeting(conn, programmes.create_meeting(conn, programme, kit, "dm1"))
        agenda.start_meeting(conn, meeting["id"])
        item = next(i for i in agenda.agenda(conn, meeting["id"]) if i["template_item_id"] == "role-placement")
        run_id = item["run"]["id"]
        agenda.go_to_item(conn, meeting["id"], item["id"])
        runs.open_exercise(conn, run_id)
        runs.show_results(conn, run_id, True)
        definition = runs.exercise_of_run(conn, run_id)

    rng = random.Random(seed)
    phones = []
    for i in range(n):
        answer_at = rng.uniform(20, min(60, seconds - 8))
        change_at = answer_at + rng.uniform(5, 15) if rng.random() < 0.33 and answer_at + 15 < seconds - 5 else None
        phones.append(
            Phone(
                phone_urls[i % len(phone_urls)],
                meeting["join_code"],
                random.Random(seed * 1000 + i),
                definition,
                answer_at,
                change_at,
            )
        )

    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        page = browser.new_page(viewport={"width": 1920, "height": 1080})
        page.goto(f"{projector_url}/?code={meeting['join_code']}&embed=true")
        page.wait_for_selector(".st-key-answered", timeout=60_000)
        stop = threading.Event()
        cpu0, t0 = (server.cpu_seconds() if server else 0.0), time.monotonic()
        threads = [threading.Thread(target=p.run, args=(t0, stop, run_id), daemon=True) for p in phones]
        for thread in threads:
            thread.start()
            time.sleep(2.0 / max(1, n))  # everyone scans the QR code within a couple of seconds
        shown: list[tuple[float, int]] = []
        last = -1
        memory = []
        while time.monotonic() - t0 < seconds:
            text = page.locator(".st-key-answered").inner_text(timeout=5_000)
            match = re.match(r"\s*(\d+)", text)
            count = int(match.group(1)) if match else last
            if count != last:
                shown.append((time.monotonic(), count))
                last = count
            if server and len(memory) < (time.monotonic() - t0) / 5:
                memory.append(server.rss_mb())
            time.sleep(0.05)
        cpu = (server.cpu_seconds() - cpu0) if server else float("nan")
        elapsed = time.monotonic() - t0
        stop.set()
        for thread in threads:
            thread.join(10)
        final_shown = last
        browser.close()

    acked = sorted(p.first_ack for p in phones if p.first_ack is not None)
    latencies = []
    for k, acked_at in enumerate(acked, start=1):
        seen = next((t for t, c in shown if c >= k and t >= acked_at - 0.001), None)
        if seen is not None:
            latencies.append(max(0.0, seen - acked_at))
    with services.reading(engine) as conn:
        stored = len(responses.response_rows(conn, run_id))
    ready = [p.ready_seconds for p in phones if p.token]
    return {
        "phones": n,
        "acknowledged": len(acked),
        "stored": stored,
        "shown": final_shown,
        "answers_sent": sum(p.acks for p in phones),
        "errors": sum(len(p.errors) for p in phones),
        "latency_p50": statistics.median(latencies) if latencies else float("nan"),
        "latency_p95": percentile(latencies, 0.95),
        "latency_max": max(latencies) if latencies else float("nan"),
        "latency_unseen": len(acked) - len(latencies),
        "ready_p50": statistics.median(ready) if ready else float("nan"),
        "ready_max": max(ready) if ready else float("nan"),
        "bytes_per_phone_page": max((p.ready_bytes for p in phones), default=0),
        "bytes_per_phone_total": statistics.mean(p.bytes_down for p in phones) if phones else 0,
        "cpu_percent": 100 * cpu / elapsed if server else float("nan"),
        "rss_mb_start": memory[0] if memory else float("nan"),
        "rss_mb_end": server.rss_mb()
        if server and server.process and server.process.poll() is None
        else (memory[-1] if memory else float("nan")),
        "seconds": round(elapsed, 1),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--phones", type=int, nargs="+", default=[300])
    parser.add_argument("--seconds", type=float, default=75, help="length of each room (answers come between 20 and 60 s)")
    parser.add_argument("--phone-url", action="append", help="base URL(s) phones use (default: a server this bench starts)")
    parser.add_argument("--projector-url", help="base URL of the projector (default: the same server)")
    parser.add_argument("--database", help="database URL of the running servers (with --phone-url)")
    parser.add_argument("--json", help="append the figures to this file")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    server = None
    if args.phone_url:
        phone_urls, projector_url, database = args.phone_url, args.projector_url or args.phone_url[0], args.database
        if not database:
            parser.error("--database is needed with --phone-url")
    else:
        server = AppProcess(Path(tempfile.mkdtemp(prefix="brobygger-phones-"))).start()
        phone_urls, projector_url, database = [server.url], server.url, server.database_url
    rows = []
    try:
        for n in args.phones:
            rows.append(
                run_room(
                    n,
                    phone_urls=phone_urls,
                    projector_url=projector_url,
                    database_url=database,
                    server=server,
                    seconds=args.seconds,
                    seed=args.seed,
                )
            )
            r = rows[-1]
            print(
                f"{n:>4} phones: vote->projector p50 {r['latency_p50']:.2f} s, p95 {r['latency_p95']:.2f} s, max {r['latency_max']:.2f} s; "
                f"acknowledged {r['acknowledged']} / stored {r['stored']} / shown {r['shown']}; errors {r['errors']}; "
                f"CPU {r['cpu_percent']:.0f}% of a core; RSS {r['rss_mb_start']:.0f}->{r['rss_mb_end']:.0f} MB; "
                f"join->ready p50 {r['ready_p50']:.2f} s max {r['ready_max']:.2f} s; {r['bytes_per_phone_page'] / 1024:.0f} KB to ready, "
                f"{r['bytes_per_phone_total'] / 1024:.0f} KB in all",
                flush=True,
            )
    finally:
        if server:
            server.stop()
    if args.json:
        path = Path(args.json)
        existing = json.loads(path.read_text()) if path.exists() else []
        path.write_text(json.dumps(existing + rows, indent=2))
    lost = [r for r in rows if not (r["acknowledged"] == r["stored"] == r["shown"] == r["phones"])]
    if lost:
        print("LOST OR MISSING ANSWERS:", lost, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
