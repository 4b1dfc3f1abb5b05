"""Export speed: a meeting with 300 participants and 12 exercises to xlsx (target: under 2 s).

.venv/bin/python bench/export.py [--participants 300] [--repeat 3]
"""

from __future__ import annotations

import argparse
import copy
import random
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from brobygger import services
from brobygger.export.meeting_workbook import meeting_workbook
from brobygger.export.tidy import tidy_zip
from brobygger.kits import KITS_DIR, load_kit_files, read_kit_folder
from brobygger.services import agenda, participants, programmes, responses, runs
from brobygger.simulate import sample_answer
from brobygger.store import engine_for


def twelve_exercise_kit():
    """The Bifrost kit with DM1's exercises asked twice: twelve exercises of six types in one meeting."""
    files = read_kit_folder(KITS_DIR / "bifrost")
    dm1 = yaml.safe_load(files["meetings/dm1.yaml"])
    extra = [copy.deepcopy(dict(item, id=f"{item['id']}-2")) for item in dm1["agenda"] if "exercise" in item]
    dm1["agenda"] += extra
    dm1["minutes"] += sum(item["minutes"] for item in extra)
    files["meetings/dm1.yaml"] = yaml.safe_dump(dm1, allow_unicode=True)
    return load_kit_files(files)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--participants", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    kit = twelve_exercise_kit()
    engine = engine_for(f"sqlite:///{Path(tempfile.mkdtemp()) / 'export.db'}")
    with services.writing(engine) as conn:
        programme = programmes.create_programme(conn, kit, "Export bench", with_meetings=False)
        meeting_id = programmes.create_meeting(conn, programme, kit, "dm1")
        meeting = programmes.get_meeting(conn, meeting_id)
        agenda.start_meeting(conn, meeting_id)
    rng = random.Random(5)
    people = []
    for n in range(args.participants):
        with services.writing(engine) as conn:  # one phone joining, one transaction
            _, person = participants.join_meeting(conn, meeting["join_code"])
            people.append(
                participants.update_profile(
                    conn, person.token, name=None, organisation=f"Org {n % 12}", group=rng.choice(["advisor", "sme"])
                )
            )
    with services.reading(engine) as conn:
        exercise_items = [i for i in agenda.agenda(conn, meeting_id) if i["run"]]
    started = time.perf_counter()
    for item in exercise_items:
        with services.writing(engine) as conn:
            definition = runs.exercise_of_run(conn, item["run"]["id"])
            runs.open_exercise(conn, item["run"]["id"])
        for person in people:
            with services.writing(engine) as conn:  # one answer, one transaction
                responses.submit_response(
                    conn, person.token, item["run"]["id"], sample_answer(definition, rng, group=person.group)
                )
    print(
        f"set-up: {len(people)} participants x {len(exercise_items)} exercises = {len(people) * len(exercise_items)} answers "
        f"in {time.perf_counter() - started:.1f} s"
    )

    def read_record():
        """The export reads its record once, then writes bytes: both are timed."""
        with services.reading(engine) as conn:
            return services.records.meeting_record(conn, meeting_id)

    for name, make in (
        ("meeting xlsx", lambda: meeting_workbook(read_record())),
        ("meeting tidy zip", lambda: tidy_zip([read_record()])),
    ):
        times = []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            data = make()
            times.append(time.perf_counter() - t0)
        print(f"{name:<18} best {min(times):.2f} s, worst {max(times):.2f} s, {len(data) / 1024:.0f} KB (target for xlsx: < 2 s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
