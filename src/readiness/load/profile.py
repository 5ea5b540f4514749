"""Institution profiles: load, check against the schema and against a playbook set."""
from __future__ import annotations

import unicodedata
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from .. import schema
from ..errors import ERROR, Diagnostic, ReadinessError, UsageError, capped
from ..findings import Msg
from ..io.files import display_name
from ..io.yaml import Document, load_file, load_plain
from ..model import Playbook, Profile
from ..suggest import Suggest
from .facts import schema_name
from .renames import RENAMED, RETIRED, SUPERSEDED, UNMAPPED, Change, apply, old_facts, relocate


def check_profile(path: Path | str, playbook: Playbook | None) -> tuple[Profile | None, list[Diagnostic]]:
    """Findings for one profile file, and the profile when it has no errors.

    A valid profile takes the fast path (plain YAML, the compiled schema check); anything
    else is read again with positions, so that every finding has its line. The schema is the
    set's (its facts and scenarios); facts the set has renamed or retired are moved to where
    they are now (or dropped), with a warning that ``readiness migrate`` rewrites the file.
    """
    name = schema_name(playbook)
    fast = _fast_profile(path, [playbook] if playbook else [], name)
    if fast is not None:
        return fast, []
    try:
        doc = load_file(path, display_name(path))
    except UsageError:
        raise
    except ReadinessError as exc:
        return None, exc.diagnostics
    return check_document(doc, playbook)


def check_profile_for(path: Path | str, playbooks: list[Playbook]) -> list[tuple[Profile | None, list[Diagnostic]]]:
    """:func:`check_profile` of one file against several sets (impact's base and head), read
    once: when the sets share a profile schema and a valid file raises nothing in either, they
    share one profile (a plan never changes its profile); otherwise each set checks it anew."""
    names = {schema_name(pb) for pb in playbooks}
    fast = _fast_profile(path, playbooks, names.pop()) if len(names) == 1 else None
    if fast is not None:
        return [(fast, []) for _ in playbooks]
    return [check_profile(path, pb) for pb in playbooks]


def check_document(doc: Document, playbook: Playbook | None) -> tuple[Profile | None, list[Diagnostic]]:
    """Findings for a profile already read with positions (a file, or a profile written inside a
    test case), and the profile when it has no errors. ``doc``'s data may be changed."""
    name = schema_name(playbook)
    moved = _old_facts(doc, playbook) if playbook else []
    findings = schema.check(doc, name) + moved
    if any(d.severity == ERROR for d in findings):
        return None, capped(sorted(findings))
    findings += _semantic(doc, playbook) if playbook else []
    if any(d.severity == ERROR for d in findings):
        return None, sorted(findings)
    apply_defaults(doc.data, playbook)
    return Profile(doc), sorted(findings)


def _fast_profile(path: Path | str, playbooks: list[Playbook], name: str) -> Profile | None:
    """The profile of a file valid against schema ``name`` with no finding in any of ``playbooks``
    (they share that schema), read by the plain loader; None sends it down the slow path."""
    data = load_plain(path)
    if data is None or not schema.is_valid(data, name):
        return None  # also where an old fact is written: the slow path says where
    doc = Document(display_name(path), data, positions=False)
    if any(_semantic(doc, pb) for pb in playbooks):
        return None
    apply_defaults(data, playbooks[0] if playbooks else None)
    return Profile(doc)


def _old_facts(doc: Document, playbook: Playbook) -> list[Diagnostic]:
    """Warnings for facts the set renamed or retired; their values are moved (or dropped) in ``doc``."""
    changes = old_facts(doc.data, playbook)
    out = [_old_fact_finding(doc, c, playbook) for c in changes]
    apply(doc.data, changes)
    relocate(doc.locations, changes)
    return out


def _old_fact_finding(doc: Document, change: Change, playbook: Playbook) -> Diagnostic:
    hint = Msg("hint.run_migrate", file=doc.file)
    old = change.old_path.removeprefix("facts.")
    if change.kind == RETIRED:
        return doc.diag(change.old, "P010", Msg("P010.retired", fact=old, version=change.version or playbook.version), hint)
    new = change.new_path.removeprefix("facts.")
    if change.kind == SUPERSEDED:
        return doc.diag(change.old, "P009", Msg("P009.superseded", fact=old, new=new), hint)
    if change.kind == UNMAPPED:
        return doc.diag(change.old, "P009", Msg("P009.unmapped", fact=old), Msg("hint.move_by_hand"))
    assert change.kind == RENAMED
    return doc.diag(change.old, "P009", Msg("P009.renamed", fact=old, new=new), hint)


def apply_defaults(data: Any, playbook: Playbook | None) -> None:
    """Fill in the profile schema's ``default`` values a profile leaves out (e.g. a room's count of 1)."""
    _fill(data, _defaults_only(schema_name(playbook)))


@lru_cache(maxsize=None)
def _defaults_only(name: str) -> dict[str, Any]:
    """The schema cut down to the branches that hold a default, so filling walks little."""
    def prune(node: dict[str, Any]) -> dict[str, Any] | None:
        out: dict[str, Any] = {}
        props = {k: p for k, sub in node.get("properties", {}).items() if (p := prune(sub)) is not None}
        if props:
            out["properties"] = props
        if isinstance(node.get("items"), dict) and (items := prune(node["items"])) is not None:
            out["items"] = items
        if "default" in node:
            out["default"] = node["default"]
        return out or None

    return prune(schema.load_schema(name)) or {}


def _fill(data: Any, node: dict[str, Any]) -> None:
    if isinstance(data, dict):
        for key, sub in node.get("properties", {}).items():
            if key not in data and "default" in sub:
                data[key] = sub["default"]
            if key in data:
                _fill(data[key], sub)
    elif isinstance(data, list) and "items" in node:
        for item in data:
            _fill(item, node["items"])


def load_profile(path: Path | str, playbook: Playbook | None, strict: bool = False) -> Profile:
    profile, findings = check_profile(Path(path), playbook)
    bad = [d for d in findings if d.severity == ERROR or strict]
    if profile is None or bad:
        raise ReadinessError(bad or findings)
    return profile


def _semantic(doc: Document, playbook: Playbook) -> list[Diagnostic]:
    data = doc.data
    out = []
    written_for = data.get("playbook") or {}
    if written_for and written_for.get("id") != playbook.id:
        out.append(doc.diag(("playbook", "id"), "P011", Msg("P011.other_set", written_for=written_for["id"], set=playbook.id),
                            Msg("hint.check_playbooks")))
    for task_id in sorted(data.get("progress") or {}):
        if task_id not in playbook.tasks:
            out.append(doc.diag(("progress", task_id), "P002", Msg("P002.unknown_task", task=task_id),
                                _did_you_mean(task_id, playbook.tasks)))
    waived: set[str] = set()
    for i, waiver in enumerate(data.get("waivers") or []):
        if waiver["task"] not in playbook.tasks:
            out.append(doc.diag(("waivers", i, "task"), "P003", Msg("P003.unknown_task", task=waiver["task"]),
                                _did_you_mean(waiver["task"], playbook.tasks)))
        if waiver["task"] in waived:
            out.append(doc.diag(("waivers", i, "task"), "P012", Msg("P012.waived_twice", task=waiver["task"]), Msg("hint.one_waiver")))
        waived.add(waiver["task"])
        if not _visible(str(waiver.get("reason", ""))):
            out.append(doc.diag(("waivers", i, "reason"), "P012", Msg("P012.blank_reason", task=waiver["task"]), Msg("hint.one_waiver")))
    if not _filled_in(data.get("facts")):
        out.append(doc.diag(("facts",) if "facts" in data else (), "P008", Msg("P008.no_facts"), Msg("hint.fill_facts")))
    for key in ("term_start", "updated"):
        if key in data and not _real_date(data[key]):
            out.append(doc.diag((key,), "P004", Msg("P004.not_a_date", key=key, value=data[key]), Msg("hint.date_form")))
        elif key in data and not in_range(date.fromisoformat(data[key])):
            out.append(doc.diag((key,), "P007", Msg("P007.out_of_range", key=key, value=data[key], first=FIRST_DAY.year,
                                                      last=LAST_DAY.year), Msg("hint.plausible_date")))
    return out


# Dates a plan can mean: deadlines are counted a year back and forth from them, and the
# calendar's own ends (years 1 and 9999) are never reached.
FIRST_DAY, LAST_DAY = date(1990, 1, 1), date(2100, 12, 31)


def _visible(text: str) -> bool:
    """Whether ``text`` has a character a reader sees: not only spaces, format characters (zero-width
    space, soft hyphen) or fillers (U+3164)."""
    return any(not c.isspace() and unicodedata.category(c) not in ("Cf", "Zs", "Cc") and c not in "\u3164\u115f\u1160\uffa0"
               for c in text)


def in_range(day: date) -> bool:
    return FIRST_DAY <= day <= LAST_DAY


def _filled_in(value: Any) -> bool:
    """Whether any fact has a value (``~`` is not known; an empty list or group says nothing)."""
    if isinstance(value, dict):
        return any(_filled_in(v) for v in value.values())
    if isinstance(value, list):
        return any(_filled_in(v) for v in value)
    return value is not None


def _real_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _did_you_mean(name: str, known: dict[str, Any]) -> Msg:
    if not _SUGGEST or _SUGGEST[0][0] is not known:
        _SUGGEST[:] = [(known, Suggest(known))]  # indexes the task ids once per set, not per finding
    close = _SUGGEST[0][1](name, 0.6)
    return Msg("hint.did_you_mean", name=close) if close else Msg("hint.task_ids")


_SUGGEST: list[tuple[dict[str, Any], Suggest]] = []
