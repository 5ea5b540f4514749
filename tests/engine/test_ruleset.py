"""The set's rules decided together against each rule decided on its own.

An assessment decides the set's rules in one generated function (readiness.rules.RuleSet)
that reads each fact once. Whatever it decides, and whatever facts it says are missing, must
be what each rule's own function decides: on every profile we have, and with any of their
facts taken away or written ``~``, a whole group of facts included.
"""
from __future__ import annotations

import copy
import dataclasses
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import BUNDLED, FIXTURES
from readiness.engine.evaluate import assess_all
from readiness.io.yaml import Document
from readiness.load.profile import load_profile
from readiness.model import Profile

PROFILES = sorted([*(BUNDLED / "examples").glob("*.yaml"), *(BUNDLED / "tests" / "profiles").glob("*.yaml"),
                   *(FIXTURES / "aggregate").glob("*.yaml")])


def _usable(path: Path, playbook) -> Profile | None:
    try:
        return load_profile(path, playbook)
    except Exception:  # noqa: BLE001 - fixtures of broken profiles are not this test's
        return None


def _picture(assessment) -> dict[str, Any]:
    """Everything an assessment decided, in comparable form."""
    return {
        "derived": {k: repr(v) for k, v in assessment.derived.items()},
        "tasks": {t: (s.state, repr(s.applies), s.done_by, s.unmet) for t, s in assessment.tasks.items()},
        "risks": {r: repr(v) for r, v in assessment.risks.items()},
        "requirements": {r: (s.status, repr(s.value)) for r, s in assessment.requirements.items()},
        "questions": {f: sorted(owners) for f, owners in assessment.questions.items()},
    }


def _same_either_way(playbook, profile: Profile) -> None:
    alone = dataclasses.replace(playbook, ruleset=None)
    scenarios = list(playbook.scenarios)
    together = assess_all(playbook, profile, scenarios)
    each = assess_all(alone, profile, scenarios)
    for sid in scenarios:
        assert _picture(together[sid]) == _picture(each[sid]), (profile.file, sid)


def test_the_bundled_set_decides_most_rules_together(bundled_playbook) -> None:
    ruleset = bundled_playbook.ruleset
    assert ruleset is not None and len(ruleset) >= 90
    derived = {id(d.rule) for d in bundled_playbook.derived}
    assert not derived & set(ruleset.ids), "derived values are computed first, one by one"
    assert all(rule.expr for rule in ruleset.rules)


@pytest.mark.parametrize("path", PROFILES, ids=lambda p: p.stem)
def test_rules_decided_together_are_decided_as_each_alone(path: Path, bundled_playbook) -> None:
    profile = _usable(path, bundled_playbook)
    if profile is None:
        pytest.skip("not a usable profile")
    _same_either_way(bundled_playbook, profile)


def _paths(facts: dict[str, Any], prefix: str = "") -> list[str]:
    out = []
    for key, value in sorted(facts.items()):
        out.append(prefix + key)
        if isinstance(value, dict):
            out += _paths(value, prefix + key + ".")
    return out


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_whatever_facts_are_missing(data, bundled_playbook) -> None:
    """Facts taken away or written ~ (a single fact or a whole group), and groups that are not mappings."""
    path = data.draw(st.sampled_from([p for p in PROFILES if _usable(p, bundled_playbook) is not None]))
    base = load_profile(path, bundled_playbook)
    raw = copy.deepcopy(base.data)
    facts = raw.setdefault("facts", {})
    for fact in data.draw(st.lists(st.sampled_from(_paths(facts) or ["staff"]), unique=True, max_size=25)):
        *parents, key = fact.split(".")
        holder = facts
        for name in parents:
            holder = holder.get(name) if isinstance(holder, dict) else None
        if isinstance(holder, dict) and key in holder:
            how = data.draw(st.sampled_from(["drop", "none", "scalar"]) if not parents else st.sampled_from(["drop", "none"]))
            if how == "drop":
                del holder[key]
            else:
                holder[key] = None if how == "none" else 0
    _same_either_way(bundled_playbook, Profile(Document(base.file, raw, positions=False)))
