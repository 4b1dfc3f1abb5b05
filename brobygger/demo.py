"""The demo programme: a newcomer sees a played meeting and real outputs at once."""

from __future__ import annotations

import random
from dataclasses import dataclass

from sqlalchemy.engine import Engine

from brobygger import exercises, services
from brobygger.kits import Kit
from brobygger.services import agenda, programmes, responses, runs
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
    """A programme with all the kit's meetings; the first one played from start to end by simulated people.

    All in one transaction: a failed demo leaves no half-played programme behind.
    """
    rng = random.Random(seed)
    with services.writing(engine) as conn:
        programme_id = programmes.create_programme(conn, kit, f"Demo: {kit.manifest.title.get(kit.languages[0])}")
        first = programmes.list_meetings(conn, programme_id)[0]
        agenda.start_meeting(conn, first["id"])
        people = []
        for i in range(participants):
            group = "advisor" if i % 2 == 0 else "sme"
            _, person = services.participants.join_meeting(conn, first["join_code"])
            person = services.participants.update_profile(
                conn, person.token, name=None, organisation=rng.choice(DEMO_ORGANISATIONS[group]), group=group
            )
            # Most simulated people agree to research use and one in ten declines, so the research
            # exports show both what they hold and how they count who was left out.
            services.consent.set_consent(conn, person.token, i % 10 != 9)
            people.append(person)
        answered = 0
        for item in agenda.agenda(conn, first["id"]):
            agenda.go_to_item(conn, first["id"], item["id"])
            run = item["run"]
            if run is None:
                continue
            definition = exercises.parse_definition(item["exercise"])
            runs.open_exercise(conn, run["id"])
            for person in people:
                answer = sample_answer(definition, rng, lang=kit.languages[0], group=person.group)
                responses.submit_response(conn, person.token, run["id"], answer)
                answered += 1
            runs.close_exercise(conn, run["id"])
            runs.show_results(conn, run["id"], True)
        agenda.end_meeting(conn, first["id"])
    return DemoResult(programme_id, first["id"], len(people), answered)
