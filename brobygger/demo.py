"""The demo programme: a newcomer sees a played meeting and real outputs at once."""

from __future__ import annotations

import random
from dataclasses import dataclass

from sqlalchemy.engine import Engine

from brobygger import exercises, meetings
from brobygger.kits import Kit
from brobygger.simulate import sample_answer

DEMO_ORGANISATIONS = {
    "advisor": ["Rådgiverenhed Nord", "Rådgiverenhed Syd", "Rådgiverenhed Øst"],
    "sme": ["Lokalavisen", "Forlaget", "Sparekassen"],
}


@dataclass(frozen=True)
class DemoResult:
    programme_id: int
    played_meeting_id: int
    participants: int
    responses: int


def create_demo(engine: Engine, kit: Kit, *, participants: int = 14, seed: int = 7) -> DemoResult:
    """A programme with all the kit's meetings; the first one played from start to end by simulated people."""
    rng = random.Random(seed)
    programme_id = meetings.create_programme(engine, kit, f"Demo: {kit.manifest.title.get(kit.languages[0])}")
    first = meetings.list_meetings(engine, programme_id)[0]
    meetings.start_meeting(engine, first["id"])
    people = []
    for i in range(participants):
        group = "advisor" if i % 2 == 0 else "sme"
        _, person = meetings.join_meeting(engine, first["join_code"])
        person = meetings.update_profile(
            engine, person.token, name=None, organisation=rng.choice(DEMO_ORGANISATIONS[group]), group=group
        )
        people.append(person)
    answered = 0
    for item in meetings.agenda(engine, first["id"]):
        meetings.go_to_item(engine, first["id"], item["id"])
        run = item["run"]
        if run is None:
            continue
        definition = exercises.parse_definition(item["exercise"])
        meetings.open_exercise(engine, run["id"])
        for person in people:
            answer = sample_answer(definition, rng, lang=kit.languages[0], group=person.group)
            meetings.submit_response(engine, person.token, run["id"], answer)
            answered += 1
        meetings.close_exercise(engine, run["id"])
        meetings.show_results(engine, run["id"], True)
    meetings.end_meeting(engine, first["id"])
    return DemoResult(programme_id, first["id"], len(people), answered)
