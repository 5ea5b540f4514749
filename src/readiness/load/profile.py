"""Institution profiles: load, check against the schema and against a playbook set."""
from __future__ import annotations

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


def check_profile(path: Path, playbook: Playbook | None) -> tuple[Profile | None, list[Diagnostic]]:
    """Findings for one profile file, and the profile when it has no errors.

    A valid profile takes the fast path (plain YAML, the compiled schema check); anything
    else is read again with positions, so that every finding has its line.
    """
    fast = _fast_profile(path, playbook)
    if fast is not None:
        return fast, []
    try:
        doc = load_file(path, display_name(path))
    except UsageError:
        raise
    except ReadinessError as exc:
        return None, exc.diagnostics
    findings = schema.check(doc, "profile")
    if findings:
        return None, capped(sorted(findings))
    findings = _semantic(doc, playbook) if playbook else []
    if any(d.severity == ERROR for d in findings):
        return None, sorted(findings)
    apply_defaults(doc.data)
    return Profile(doc), sorted(findings)


def _fast_profile(path: Path, playbook: Playbook | None) -> Profile | None:
    data = load_plain(path)
    if data is None or not schema.is_valid(data, "profile"):
        return None
    doc = Document(display_name(path), data, positions=False)
    if playbook is not None and _semantic(doc, playbook):
        return None
    apply_defaults(data)
    return Profile(doc)


def apply_defaults(data: Any) -> None:
    """Fill in the profile schema's ``default`` values a profile leaves out (e.g. a room's count of 1)."""
    _fill(data, _defaults_only())


@lru_cache(maxsize=None)
def _defaults_only() -> dict[str, Any]:
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

    return prune(schema.load_schema("profile")) or {}


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
    for i, sid in enumerate(data["scenarios"]):
        if sid not in playbook.scenarios:
            out.append(doc.diag(("scenarios", i), "P001", Msg("P001.not_in_set", scenario=sid, set=playbook.id),
                                Msg("hint.set_scenarios", names=", ".join(playbook.scenarios))))
    for task_id in sorted(data.get("progress") or {}):
        if task_id not in playbook.tasks:
            out.append(doc.diag(("progress", task_id), "P002", Msg("P002.unknown_task", task=task_id),
                                _did_you_mean(task_id, playbook.tasks)))
    for i, waiver in enumerate(data.get("waivers") or []):
        if waiver["task"] not in playbook.tasks:
            out.append(doc.diag(("waivers", i, "task"), "P003", Msg("P003.unknown_task", task=waiver["task"]),
                                _did_you_mean(waiver["task"], playbook.tasks)))
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


def in_range(day: date) -> bool:
    return FIRST_DAY <= day <= LAST_DAY


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
