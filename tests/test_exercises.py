"""Exercise types: answers are checked and cleaned, summaries equal what a person would count by hand."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from brobygger import exercises
from brobygger.errors import InvalidResponse
from brobygger.groups import ResponseRow


def _defn(kit, item_id):
    item = next(i for i in kit.meeting("m1").agenda if i.id == item_id)
    return item.exercise


def _rows(*values, groups=None):
    groups = groups or ["advisor"] * len(values)
    return [ResponseRow(f"P{i + 1:02d}", g, v) for i, (v, g) in enumerate(zip(values, groups, strict=True))]


def test_placement_counts_regions_by_group(mini_kit):
    defn = _defn(mini_kit, "place")
    answers = [
        exercises.validate_response(defn, {"now": {"x": 0.1, "y": 0.2}, "wanted": {"x": 0.9, "y": 0.9}}),
        exercises.validate_response(defn, {"now": {"x": 0.2, "y": 0.4}}),
        exercises.validate_response(defn, {"now": {"x": 0.8, "y": 0.7}}),
        exercises.validate_response(defn, {"now": {"x": 0.8, "y": 0.2}}),  # in no region
    ]
    summary = exercises.aggregate(defn, _rows(*answers, groups=["advisor", "sme", "sme", None]))
    assert summary["n"] == 4
    assert summary["region_counts"]["low"] == {"total": 2, "advisor": 1, "sme": 1, "other": 0, "none": 0}
    assert summary["region_counts"]["high"] == {"total": 1, "advisor": 0, "sme": 1, "other": 0, "none": 0}
    assert summary["groups"] == ["advisor", "sme", "other", "none"]  # the point in no region has no group
    assert summary["region_counts_wanted"] == {"low": 0, "high": 1}
    assert summary["points"][0]["wanted"] == {"x": 0.9, "y": 0.9}
    assert [p["region_now"] for p in summary["points"]] == ["low", "low", "high", None]


@pytest.mark.parametrize(
    ("answer", "code"),
    [
        ({"now": {"x": 1.2, "y": 0.5}}, "error.response_out_of_range"),
        ({"now": {"x": "a", "y": 0.5}}, "error.response_not_number"),
        ({"now": {"x": float("nan"), "y": 0.5}}, "error.response_not_number"),
        ({"now": {"x": 0.5}}, "error.response_not_number"),
        ({"here": {"x": 0.5, "y": 0.5}}, "error.response_unknown_field"),
        ([0.5, 0.5], "error.response_shape"),
        (None, "error.response_empty"),
    ],
)
def test_placement_refuses_bad_points(mini_kit, answer, code):
    with pytest.raises(InvalidResponse) as info:
        exercises.validate_response(_defn(mini_kit, "place"), answer)
    assert info.value.code == code


def test_matrix_means_medians_and_gap(mini_kit):
    defn = _defn(mini_kit, "matrix")
    answers = [
        {"ratings": {"p1": {"today": 2, "importance": 5}, "p2": {"today": 4}}},
        {"ratings": {"p1": {"today": 3, "importance": 4}}},
        {"ratings": {"p1": {"today": 4, "importance": 5}}},
    ]
    clean = [exercises.validate_response(defn, a) for a in answers]
    summary = exercises.aggregate(defn, _rows(*clean, groups=["advisor", "sme", "sme"]))
    p1 = summary["statements"][0]
    assert p1["scales"]["today"]["mean"] == 3.0 and p1["scales"]["today"]["median"] == 3
    assert p1["scales"]["importance"]["distribution"] == {4: 1, 5: 2}
    assert p1["scales"]["today"]["by_group"]["sme"]["mean"] == 3.5
    assert p1["gap"] == round(14 / 3 - 3, 3)
    p2 = summary["statements"][1]
    assert p2["scales"]["today"]["n"] == 1 and p2["scales"]["importance"]["n"] == 0 and p2["gap"] is None


@pytest.mark.parametrize(
    ("answer", "code"),
    [
        ({"ratings": {"p1": {"today": 6}}}, "error.response_out_of_range"),
        ({"ratings": {"p1": {"today": 0}}}, "error.response_out_of_range"),
        ({"ratings": {"p1": {"today": 2.5}}}, "error.response_not_integer"),
        ({"ratings": {"p1": {"today": True}}}, "error.response_not_integer"),
        ({"ratings": {"p9": {"today": 3}}}, "error.response_unknown_item"),
        ({"ratings": {"p1": {"tomorrow": 3}}}, "error.response_unknown_item"),
        ({"ratings": {}}, "error.response_empty"),
        ({"ratings": {"p1": {"today": None}}}, "error.response_empty"),
    ],
)
def test_matrix_refuses_bad_ratings(mini_kit, answer, code):
    with pytest.raises(InvalidResponse) as info:
        exercises.validate_response(_defn(mini_kit, "matrix"), answer)
    assert info.value.code == code


def test_choice_counts_and_limits(mini_kit):
    defn = _defn(mini_kit, "choice")
    clean = [exercises.validate_response(defn, {"choices": c}) for c in (["b", "a"], ["a"], ["c"])]
    assert clean[0] == {"choices": ["a", "b"]}  # kept in the kit's order
    summary = exercises.aggregate(defn, _rows(*clean))
    assert {k: v["total"] for k, v in summary["counts"].items()} == {"a": 2, "b": 1, "c": 1}
    for bad, code in (
        (["a", "b", "c"], "error.response_too_many"),
        (["a", "a"], "error.response_duplicate"),
        (["d"], "error.response_unknown_item"),
        ([], "error.response_empty"),
    ):
        with pytest.raises(InvalidResponse) as info:
            exercises.validate_response(defn, {"choices": bad})
        assert info.value.code == code


def test_scale_distribution(mini_kit):
    defn = _defn(mini_kit, "scale")
    summary = exercises.aggregate(defn, _rows(*({"value": v} for v in (1, 3, 3, 5))))
    assert summary["distribution"] == {1: 1, 3: 2, 5: 1} and summary["mean"] == 3.0
    with pytest.raises(InvalidResponse):
        exercises.validate_response(defn, {"value": 9})


def test_text_is_cleaned_and_limited(mini_kit):
    defn = _defn(mini_kit, "text")
    assert exercises.validate_response(defn, {"text": "  hej\x00 med\u202e dig \r\n"}) == {"text": "hej med dig"}
    assert exercises.validate_response(defn, {"text": '=HYPERLINK("x")'}) == {"text": '=HYPERLINK("x")'}
    with pytest.raises(InvalidResponse) as info:
        exercises.validate_response(defn, {"text": "x" * 51})
    assert info.value.params == {"field": "text", "max": 50, "length": 51}
    with pytest.raises(InvalidResponse) as info:
        exercises.validate_response(defn, {"text": " \x07 "})
    assert info.value.code == "error.response_text_empty"


def test_ranking_mean_rank(mini_kit):
    defn = _defn(mini_kit, "ranking")
    summary = exercises.aggregate(defn, _rows({"order": ["x", "y", "z"]}, {"order": ["y", "x", "z"]}, {"order": ["x", "z", "y"]}))
    assert [(i["id"], i["mean_rank"]) for i in summary["items"]] == [("x", round(4 / 3, 3)), ("y", 2.0), ("z", round(8 / 3, 3))]
    with pytest.raises(InvalidResponse) as info:
        exercises.validate_response(defn, {"order": ["x", "y"]})
    assert info.value.code == "error.response_rank_all"


def test_evaluation_items_and_answers(mini_kit):
    defn = _defn(mini_kit, "evaluation")
    a = exercises.validate_response(defn, {"ratings": {"satisfied": 5, "learned": 3}, "answers": {"best": "Pausen"}})
    b = exercises.validate_response(defn, {"ratings": {"satisfied": 4}, "answers": {"best": "  "}})
    assert b == {"ratings": {"satisfied": 4}, "answers": {}}
    summary = exercises.aggregate(defn, _rows(a, b))
    assert summary["items"][0]["mean"] == 4.5 and summary["items"][1]["n"] == 1
    assert summary["answers"]["best"] == [{"pseudonym": "P01", "group": "advisor", "text": "Pausen"}]


def test_actions_dates_and_limits(mini_kit):
    defn = _defn(mini_kit, "actions")
    clean = exercises.validate_response(defn, {"actions": [{"what": "Ring til HR", "who": "Anna", "due": "2027-01-15"}]})
    assert clean == {"actions": [{"what": "Ring til HR", "who": "Anna", "organisation": "", "due": "2027-01-15"}]}
    for bad, code in (
        ({"actions": [{"what": "a", "due": "15/01/2027"}]}, "error.response_bad_date"),
        ({"actions": [{"what": ""}]}, "error.response_text_empty"),
        ({"actions": [{"what": "a"}] * 3}, "error.response_too_many"),
    ):
        with pytest.raises(InvalidResponse) as info:
            exercises.validate_response(defn, bad)
        assert info.value.code == code


@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
        lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
        max_leaves=20,
    )
)
def test_any_json_is_either_accepted_or_refused_cleanly(mini_kit, raw):
    """Whatever a phone sends, validation returns a value or raises InvalidResponse, nothing else."""
    for item in mini_kit.meeting("m1").agenda:
        if item.exercise is None:
            continue
        try:
            value = exercises.validate_response(item.exercise, raw)
        except InvalidResponse as exc:
            assert exc.message("da") and exc.message("en")
        else:
            assert exercises.validate_response(item.exercise, value) == value  # cleaning is stable


def test_phone_texts_exist_in_every_phone_language():
    """Every text the phone shows is written in Danish, English, Swedish and nynorsk, with the same placeholders."""
    import string

    from brobygger.i18n import MESSAGES

    participant_keys = [k for k in MESSAGES if k.startswith(("phone.", "group."))]
    participant_keys += ["error.unknown_code", "error.meeting_closed", "error.exercise_closed", "error.response_out_of_range"]
    for key in participant_keys:
        texts = MESSAGES[key]
        assert set(texts) >= {"da", "en", "sv", "nn"}, key
        fields = {lang: {f for _, f, _, _ in string.Formatter().parse(text) if f} for lang, text in texts.items()}
        assert len({frozenset(f) for f in fields.values()}) == 1, key


def test_a_kits_own_groups_split_the_results(mini_kit):
    defn = _defn(mini_kit, "choice")
    rows = [
        ResponseRow("P01", "school-1", {"choices": ["a"]}),
        ResponseRow("P02", "school-2", {"choices": ["a", "b"]}),
        ResponseRow("P03", None, {"choices": ["b"]}),
        ResponseRow("P04", "gone", {"choices": ["a"]}),
    ]
    summary = exercises.aggregate(defn, rows, ("school-1", "school-2"))
    assert summary["groups"] == ["school-1", "school-2", "none"]
    assert summary["counts"]["a"] == {"total": 3, "school-1": 1, "school-2": 1, "none": 1}
    assert summary["counts"]["b"] == {"total": 2, "school-1": 0, "school-2": 1, "none": 1}
