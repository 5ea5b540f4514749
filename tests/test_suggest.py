"""'Did you mean': the closest known name, at a cost bounded over a whole run."""
from __future__ import annotations

import difflib

import pytest

from readiness.suggest import Suggest, closest


def test_a_typo_gets_the_name_it_misspells() -> None:
    names = [f"HR-T{i}" for i in range(1, 40)] + ["SAN-VENT-2", "SAN-DIST-1"]
    assert Suggest(names)("SAN-VNET-2") == "SAN-VENT-2"
    assert closest("SAN-DIST-l", names) == "SAN-DIST-1"


def test_thousands_of_unknown_names_cost_a_bounded_number_of_comparisons(monkeypatch: pytest.MonkeyPatch) -> None:
    """A set with thousands of broken references (a file of tasks deleted, a hostile pull
    request) must not make `validate` spend minutes in difflib: suggestions stop after a budget
    of names compared, and the references are still reported, without 'did you mean'."""
    compared = []
    real = difflib.get_close_matches

    def counting(word: str, pool: list[str], *args: object, **kw: object) -> list[str]:
        compared.append(len(pool))
        return real(word, pool, *args, **kw)

    monkeypatch.setattr(difflib, "get_close_matches", counting)
    suggest = Suggest(f"avn-{c:03d}-T{i}" for c in range(900) for i in range(1, 120))   # 107,100 ids
    answers = [suggest(f"avn-{c:03d}-T{i}x") for c in range(900, 930) for i in range(1, 120)]  # 3,570 unknown
    assert sum(compared) <= Suggest.BUDGET
    assert answers[0] is not None and answers[-1] is None   # the first get a suggestion, the last none
