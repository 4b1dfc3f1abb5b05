"""How the projector shows a run's results, as the moderator sets it: split by group, and pages of text cards."""

from __future__ import annotations

import random

from brobygger import charts
from brobygger.exercises import parse_definition
from brobygger.services import agenda, participants, programmes, responses, runs
from brobygger.simulate import sample_answer
from brobygger.ui.results import CARDS_PER_SCREEN, card_count, pages_of
from tests.conftest import read_tx, write_tx


def _answered(engine, kit, item_id: str, people: int = 12, answer=None) -> int:
    programme = write_tx(engine, programmes.create_programme, kit, "Visning")
    meeting = next(m for m in read_tx(engine, programmes.list_meetings, programme) if m["template_id"] == "dm1")
    write_tx(engine, agenda.start_meeting, meeting["id"])
    item = next(i for i in read_tx(engine, agenda.agenda, meeting["id"]) if i["template_item_id"] == item_id)
    run_id = item["run"]["id"]
    write_tx(engine, runs.open_exercise, run_id)
    rng = random.Random(7)
    definition = parse_definition(item["exercise"])
    for n in range(people):
        _, person = write_tx(engine, participants.join_meeting, meeting["join_code"])
        group = "advisor" if n % 2 else "sme"
        write_tx(engine, participants.update_profile, person.token, name=None, organisation=None, group=group)
        value = answer(n) if answer else sample_answer(definition, rng, group=group)
        write_tx(engine, responses.submit_response, person.token, run_id, value)
    return run_id


def test_the_moderators_display_choice_is_kept_with_the_run_and_moves_the_revision(engine, bifrost_kit):
    run_id = _answered(engine, bifrost_kit, "principle-matrix", people=6)
    assert read_tx(engine, runs.results, run_id)["display"] == {"by_group": False, "page": 0}
    write_tx(engine, runs.set_display, run_id, by_group=True)
    write_tx(engine, runs.set_display, run_id, page=2)
    write_tx(engine, runs.set_display, run_id, page=-1)  # never before the first page
    assert read_tx(engine, runs.results, run_id)["display"] == {"by_group": True, "page": 0}
    write_tx(engine, runs.set_display, run_id, page=3)
    assert read_tx(engine, runs.results, run_id)["display"] == {"by_group": True, "page": 3}


def test_the_matrix_split_by_group_draws_one_panel_per_group_in_the_same_order(engine, bifrost_kit):
    run_id = _answered(engine, bifrost_kit, "principle-matrix")
    result = read_tx(engine, runs.results, run_id)
    together = charts.figure_for(result["definition"], result["summary"], "da", groups=result["groups"])
    split = charts.figure_for(result["definition"], result["summary"], "da", groups=result["groups"], by_group=True)
    assert {t.xaxis or "x" for t in together.data} == {"x"}
    assert {t.xaxis or "x" for t in split.data} == {"x", "x2"}
    assert [split.layout.xaxis.title.text, split.layout.xaxis2.title.text] == ["<b>Rådgiver</b>", "<b>Virksomhed (SMV)</b>"]
    numbers = lambda trace: [label.split(".")[0] for label in trace.y]  # noqa: E731
    order = next(t for t in together.data if t.mode == "markers+text").y
    panels = [t for t in split.data if t.mode == "markers+text"]
    assert len(panels) == 4  # 2 groups x 2 scales
    assert all(numbers(t) == [label.split(".")[0] for label in order] for t in panels)  # one order, biggest gap on top
    assert [t.showlegend for t in panels] == [True, True, False, False]  # one legend for both panels
    # each panel's means are that group's own
    labels = {f"{n}. ": s.id for n, s in enumerate(result["definition"].statements, start=1)}
    top = next(sid for prefix, sid in labels.items() if order[0].startswith(prefix))
    row = next(r for r in result["summary"]["statements"] if r["id"] == top)
    scale = result["definition"].scales[0].id
    assert panels[0].x[0] == row["scales"][scale]["by_group"]["advisor"]["mean"]
    assert panels[2].x[0] == row["scales"][scale]["by_group"]["sme"]["mean"]


def test_a_group_too_small_to_show_alone_gets_no_panel(engine, bifrost_kit):
    run_id = _answered(engine, bifrost_kit, "principle-matrix", people=4)  # 2 + 2: under the minimum of 3
    result = read_tx(engine, runs.results, run_id)
    split = charts.figure_for(result["definition"], result["summary"], "da", groups=result["groups"], by_group=True)
    assert {t.xaxis or "x" for t in split.data} == {"x"}


def test_text_cards_come_in_pages_of_one_screen(engine, bifrost_kit):
    run_id = _answered(engine, bifrost_kit, "expectations", people=20, answer=lambda n: {"text": f"Forventning nummer {n}"})
    result = read_tx(engine, runs.results, run_id)
    cards = card_count(result, "da")
    assert cards > CARDS_PER_SCREEN
    assert pages_of(cards) == -(-cards // CARDS_PER_SCREEN)
    assert pages_of(0) == 1 and pages_of(CARDS_PER_SCREEN) == 1 and pages_of(CARDS_PER_SCREEN + 1) == 2
    assert card_count(read_tx(engine, runs.results, _answered(engine, bifrost_kit, "principle-matrix", 3)), "da") == 0
