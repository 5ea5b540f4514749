"""`readiness list scenarios|roles|tasks|facts|codes`: what a user may name, in the chosen language."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Callable

from .. import findings
from ..errors import EXIT_OK
from ..i18n import pick
from ..model import Playbook
from ..safetext import safe_text
from .common import Session, load_set

WHAT = ("scenarios", "roles", "tasks", "facts", "codes")


def facts_of(playbook: Playbook) -> dict[str, str]:
    """The facts a profile of ``playbook`` may state (not their groups), path -> type: the set's
    own declarations (facts.yaml), the one place `list facts` and shell completion read them from."""
    return {path: fact.type for path, fact in playbook.facts.items() if fact.type not in ("group", "list")}


def run(what: str, playbook_dir: Path | None, s: Session) -> int:
    rows = [(safe_text(k, one_line=True), safe_text(r, one_line=True)) for k, r in rows_of(what, playbook_dir, s.lang)]  # a set's texts: one line each
    width = max((len(r[0]) for r in rows), default=0)
    sys.stdout.write("".join(f"{key.ljust(width)}  {rest}".rstrip() + "\n" for key, rest in rows))
    return EXIT_OK


def rows_of(what: str, playbook_dir: Path | None, lang: str) -> list[tuple[str, str]]:
    if what == "codes":
        return [(c, f"{findings.text('format.' + findings.severity(c), lang)}: {findings.title(c, lang)}") for c in findings.codes()]
    _, playbook = load_set(playbook_dir)
    return _ROWS[what](playbook, lang)


def _scenarios(pb: Playbook, lang: str) -> list[tuple[str, str]]:
    return [(sid, f'{s["number"]}  {pick(s["title"], lang)}') for sid, s in pb.scenarios.items()]


def _roles(pb: Playbook, lang: str) -> list[tuple[str, str]]:
    return [(aid, f'{pick(a.get("short"), lang)}  {pick(a["title"], lang)}'.strip()) for aid, a in sorted(pb.actors.items())]


def _tasks(pb: Playbook, lang: str) -> list[tuple[str, str]]:
    return [(tid, pick(t.title, lang)) for tid, t in sorted(pb.tasks.items())]


def _facts(pb: Playbook, lang: str) -> list[tuple[str, str]]:
    return [(path, f"{kind:<8}{pb.fact_text(path, lang)}".rstrip()) for path, kind in sorted(facts_of(pb).items())]


_ROWS: dict[str, Callable[[Playbook, str], list[tuple[str, str]]]] = {
    "scenarios": _scenarios, "roles": _roles, "tasks": _tasks, "facts": _facts,
}


def names(what: str, playbook_dir: Path | None) -> list[tuple[str, str]]:
    """(name, help) pairs for shell completion: ids, scenario numbers, role abbreviations."""
    _, pb = load_set(playbook_dir)
    if what == "scenarios":
        return [(sid, pick(s["title"], "en")) for sid, s in pb.scenarios.items()]
    if what == "roles":
        return [(aid, pick(a.get("short") or a["title"], "en")) for aid, a in sorted(pb.actors.items())]
    return [(tid, "") for tid in sorted(pb.tasks)]
