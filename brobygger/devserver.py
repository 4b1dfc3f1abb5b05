"""Start the real app in a child process, for browser tests and benchmarks (not used by the app itself)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from brobygger.settings import ROOT

#: Chromium flags for a headless run on a machine with no network beyond localhost.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str | None:
    """The system's Chromium (Playwright cannot download its own browser here)."""
    return next((found for name in ("chromium", "chromium-browser", "google-chrome") if (found := shutil.which(name))), None)


def launch_chromium(playwright):
    """Headless Chromium for browser tests and benches."""
    return playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class AppProcess:
    """`streamlit run app.py` on a free port with its own database and secret."""

    def __init__(
        self, workdir: Path, *, database_url: str | None = None, secret: str = "dev-secret", extra_env: dict | None = None
    ) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.database_url = database_url or f"sqlite:///{workdir / 'app.db'}"
        self.secret = secret
        self.env = {
            **os.environ,
            "BROBYGGER_DATABASE_URL": self.database_url,
            "BROBYGGER_SECRET": secret,
            "BROBYGGER_PUBLIC_URL": self.url,
            **(extra_env or {}),
        }
        self.log_path = workdir / "server.log"
        self.process: subprocess.Popen | None = None

    def start(self, timeout: float = 60) -> AppProcess:
        command = [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(ROOT / "app.py"),
            "--server.port",
            str(self.port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
        ]
        self._log = open(self.log_path, "w")  # noqa: SIM115 - kept open for the child's lifetime
        self.process = subprocess.Popen(command, cwd=ROOT, env=self.env, stdout=self._log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited; see {self.log_path}")
            try:
                with urllib.request.urlopen(self.url + "/_stcore/health", timeout=2) as response:
                    if response.read() == b"ok":
                        return self
            except OSError:
                time.sleep(0.3)
        raise RuntimeError(f"server did not answer in {timeout} s; see {self.log_path}")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
        if getattr(self, "_log", None):
            self._log.close()

    def kill(self) -> None:
        """Pull the plug: SIGKILL, no clean shutdown (for crash tests)."""
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)

    def cpu_seconds(self) -> float:
        """User + system CPU the server process has used so far."""
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def rss_mb(self) -> float:
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return 0.0
