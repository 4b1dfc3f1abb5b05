"""The command line a newcomer uses: demo, kits list, --help everywhere."""

from __future__ import annotations

import subprocess
import sys

import sqlalchemy as sa

from brobygger.__main__ import main
from brobygger.services import agenda, participants, programmes, runs
from brobygger.store import engine_for, responses
from tests.conftest import ROOT, read_tx


def test_demo_plays_a_whole_meeting(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    assert main(["demo", "--database", url]) == 0
    out = capsys.readouterr().out
    engine = engine_for(url)
    [programme] = read_tx(engine, programmes.list_programmes)
    rows = read_tx(engine, programmes.list_meetings, programme["id"])
    assert len(rows) == 6 and rows[0]["status"] == "closed"
    assert len(read_tx(engine, participants.attendees, rows[0]["id"])) >= 12
    played = [i["run"] for i in read_tx(engine, agenda.agenda, rows[0]["id"]) if i["run"]]
    assert len(played) >= 5
    for run in played:
        assert read_tx(engine, runs.results, run["id"])["answered"] == 14
    with engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(responses)).scalar_one() == 14 * len(played)
    assert "14 participants" in out and "make run" in out


def test_help_on_every_command():
    for args in ([], ["kits"], ["kits", "validate"], ["kits", "list"], ["demo"], ["serve"]):
        result = subprocess.run([sys.executable, "-m", "brobygger", *args, "--help"], capture_output=True, text=True, cwd=ROOT)
        assert result.returncode == 0 and "usage:" in result.stdout, args


def test_kits_list_names_bifrost(capsys):
    assert main(["kits", "list"]) == 0
    assert "bifrost" in capsys.readouterr().out
