"""The fast indented JSON (render/jsontext.py) against json.dumps, and a report's JSON made safe
in one encoding (render/registry.py) against safe_data and json.dumps, byte for byte."""
from __future__ import annotations

import json
import math
import re
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from readiness.render import jsontext
from readiness.rows import Rows
from readiness.render.registry import render
from readiness.safetext import _UNSAFE, json_is_safe, safe_data


def reference(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)


class Mapping(dict):  # type: ignore[type-arg]
    pass


class Sequence(list):  # type: ignore[type-arg]
    pass


TEXT = st.text(st.characters(codec="utf-8") | st.sampled_from(list("\x00\x1b\t\n\r\"\\,:[]{}\u2028\u202e\ud800"))) \
    | st.just(jsontext._MARK_TEXT) | st.sampled_from(["NaN", "Infinity", "\\u0000", "a, b", "x: y"])
SCALARS = st.none() | st.booleans() | st.integers() | st.floats() | TEXT | st.just(jsontext._MARK) \
    | st.integers(min_value=10**40, max_value=10**60)
KEYS = TEXT | st.integers() | st.booleans() | st.none() | st.floats(allow_nan=False)
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=6) | st.dictionaries(KEYS, inner, max_size=6)
                      | st.tuples(inner, inner) | st.lists(inner, max_size=3).map(Sequence)
                      | st.dictionaries(TEXT, inner, max_size=3).map(Mapping), max_leaves=40)


@settings(max_examples=400, deadline=None)
@given(VALUES)
def test_the_text_is_json_dumps_own(value: Any) -> None:
    assert jsontext.dumps(value) == reference(value)


@settings(max_examples=200, deadline=None)
@given(VALUES)
def test_a_report_as_json_is_the_safe_report_dumped(value: Any) -> None:
    report = {"kind": "plan", "tasks": value}
    assert render("plan", "json", report) == reference(safe_data(report)) + "\n"


def test_the_shapes_of_a_report() -> None:
    cases: list[Any] = [
        [], {}, 0, "x", None, 1.5, math.inf, [[]], [{}], {"a": ()}, (1, (2,)), [1, [2, [3, {}]], {"a": []}],
        {"a": {"b": {"c": [1, 2.5, math.nan, "é\u2028\x00"]}}}, {1: [1], None: {}, True: 2.0, 1.5: "x"},
        Mapping(a=Sequence([1, Mapping()])), [Sequence(), Mapping()], {"x": jsontext._MARK},
        ["a" + jsontext._MARK_TEXT, [1]], {"k": [jsontext._MARK_TEXT]}, [[1], [jsontext._MARK]],
    ]
    for value in cases:
        assert jsontext.dumps(value) == reference(value), value


def test_what_json_cannot_hold_raises_as_json_dumps_does() -> None:
    loop: list[Any] = []
    loop.append(loop)
    for value, error in (({"day": object()}, TypeError), ([{(1, 2): 1}], TypeError), (loop, ValueError)):
        for make in (jsontext.dumps, reference):
            try:
                make(value)
            except error:
                continue
            raise AssertionError(f"{make.__name__}({value!r}) did not raise {error.__name__}")


def test_a_report_with_something_to_escape_is_walked() -> None:
    report = {"kind": "plan", "title": "a\x1b[31mred", "share": math.nan, "list": [{"x": "\u202e"}]}
    text = render("plan", "json", report)
    assert text == reference(safe_data(report)) + "\n"
    assert "\\\\x1b" in text and "NaN" not in text and "\\\\u202e" in text


# the one regular expression json_is_safe stands for (safetext.py)
ONE_SEARCH = re.compile(f"[{_UNSAFE}]|\\\\(?:u00[01]|u007f|[rbf])|NaN|Infinity")


@settings(max_examples=400, deadline=None)
@given(VALUES | TEXT)
def test_the_safety_search_in_parts_is_the_one_search(value: Any) -> None:
    for text in (jsontext.dumps(value), json.dumps(value, ensure_ascii=False), value if isinstance(value, str) else ""):
        assert json_is_safe(text) == (ONE_SEARCH.search(text) is None)


def as_rows(items: list[Any]) -> Rows:
    return Rows(lambda: iter(items), len(items))


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(TEXT, VALUES, max_size=4), st.lists(st.lists(VALUES, max_size=4), max_size=3))
def test_a_dict_of_rows_in_pieces_is_the_dict_of_lists_dumped(head: dict[str, Any], lists: list[list[Any]]) -> None:
    """Issue 11: the aggregate writes its long lists an item at a time; the text is the same."""
    value = {**head, **{f"rows{i}": as_rows(items) for i, items in enumerate(lists)}}
    whole = {k: list(v) if isinstance(v, Rows) else v for k, v in value.items()}
    try:
        expected = reference(whole)
    except (TypeError, ValueError, RecursionError):
        return  # what JSON cannot hold fails in pieces as it fails whole (test above)
    assert "".join(jsontext.pieces(value)) == expected


@settings(max_examples=200, deadline=None)
@given(st.lists(VALUES, max_size=5))
def test_a_report_of_rows_is_made_safe_item_by_item(items: list[Any]) -> None:
    report = {"kind": "aggregate", "stale": as_rows(items), "note": "\x1b[31m"}
    whole = {"kind": "aggregate", "stale": items, "note": "\x1b[31m"}
    try:
        expected = render("aggregate", "json", whole)
    except (TypeError, ValueError, RecursionError):
        return
    pieces = render("aggregate", "json", report)
    assert not isinstance(pieces, str) and "".join(pieces) == expected


def test_rows_written_in_pieces_take_memory_independent_of_their_count(tmp_path) -> None:
    """The report's text is never held whole: writing 40,000 rows peaks as writing 4,000 does."""
    import tracemalloc

    from readiness.io.write import write_atomic

    def peak(n: int) -> int:
        rows = Rows(lambda: ({"file": f"profiles/{i:06d}.yaml", "institution": f"id-{i}", "updated": None, "age_days": None}
                             for i in range(n)), n)
        tracemalloc.start()
        try:
            write_atomic(tmp_path / f"{n}.json", render("aggregate", "json", {"kind": "aggregate", "stale": rows}))
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    small, large = peak(4_000), peak(40_000)
    assert (tmp_path / "40000.json").stat().st_size > 4_000_000 and large - small < 64 * 1024
