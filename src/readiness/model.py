"""The compiled playbook and the checked profile: the plain objects the engine works on."""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any

from .errors import usage_error
from .findings import Msg
from .i18n import fact_text, pick
from .io.yaml import Document
from .rules import Rule, RuleSet
from .suggest import closest

Text = dict[str, str]


@dataclass(frozen=True)
class Origin:
    file: str
    line: int
    col: int


@dataclass(frozen=True)
class Step:
    role: str
    text: Text
    source: tuple[str, ...] = ()
    inferred: bool = False      # the source implies it but does not state it


@dataclass(frozen=True)
class Task:
    id: str
    title: Text
    area: str
    actor: str
    scenarios: frozenset[str]
    duration: int
    due: int
    source: tuple[str, ...]
    origin: Origin
    when: Rule | None = None
    done_when: Rule | None = None
    depends_on: tuple[str, ...] = ()
    mitigates: tuple[str, ...] = ()
    requirements: tuple[str, ...] = ()
    support: tuple[str, ...] = ()
    steps: tuple[Step, ...] = ()
    blocking: bool = True
    repeat_days: int | None = None
    description: Text = field(default_factory=dict)
    calendar_start: str | None = None   # "MM-DD": not before this day of the academic year
    calendar_due: str | None = None     # "MM-DD": due on this day of the academic year, not relative to the term start
    inferred: bool = False
    tick_trusted: bool = False          # done_when only recognises some institutions already done: a tick stands against it


@dataclass(frozen=True)
class Risk:
    id: str
    title: Text
    area: str
    severity: str
    when: Rule
    scenarios: frozenset[str]
    source: tuple[str, ...]
    origin: Origin
    mitigated_by: tuple[str, ...] = ()
    inferred: bool = False


@dataclass(frozen=True)
class Requirement:
    id: str
    title: Text
    area: str
    scenarios: frozenset[str]
    measure: Rule
    op: str
    threshold: Any
    source: tuple[str, ...]
    origin: Origin
    when: Rule | None = None
    threshold_param: str | None = None
    unit: str = ""
    addressed_by: tuple[str, ...] = ()
    severity: str = "blocking"          # blocking | required | advised (see REQUIREMENT_SEVERITIES)
    structural: bool = False            # no task can fix it before the term starts (rooms, enrolment)
    inferred: bool = False


@dataclass(frozen=True)
class Derived:
    id: str
    title: Text
    rule: Rule
    unit: str = ""
    scenarios: frozenset[str] = frozenset()   # where it is shown and asked for
    method: Text = field(default_factory=dict)  # how it is computed, in words a rector can follow
    over: str | None = None                     # a list of one value per item: the list of facts it follows
    inferred: bool = False


@dataclass(frozen=True)
class Fact:
    """A fact a set declares (facts.yaml): a path of the profile's ``facts``, its type, bounds,
    choices and texts. ``group`` and ``list`` hold other facts; a list's fields are ``<list>.<field>``."""

    path: str
    type: str                              # group | list | integer | number | boolean | text | choice
    title: Text
    help: Text
    unit: str = ""
    minimum: float | None = None
    maximum: float | None = None
    min_length: int | None = None
    max_length: int | None = None
    choices: tuple[str, ...] = ()
    unknown: bool = True                   # ~ (not known) is accepted
    required: bool = False                 # a list item's field every item gives
    default: Any = None
    has_default: bool = False
    max_items: int | None = None
    example: Any = None
    renamed_from: tuple[str, ...] = ()
    in_list: bool = False                  # a field of a list's items (one value per item)

    @property
    def parent(self) -> str:
        """The group or list holding the fact ("" at the top of ``facts``)."""
        return self.path.rpartition(".")[0]

    @property
    def name(self) -> str:
        return self.path.rpartition(".")[2]


SEVERITY_RANK = {"critical": 4, "high": 3, "medium": 2, "low": 1}
# blocking: the scenario cannot start safely without it; required: it must be planned; advised: advice
REQUIREMENT_SEVERITIES = ("blocking", "required", "advised")


@dataclass
class Playbook:
    """A loaded, checked and compiled playbook set."""

    path: str
    manifest: dict[str, Any]
    scenarios: dict[str, dict[str, Any]]
    areas: dict[str, dict[str, Any]]
    actors: dict[str, dict[str, Any]]
    support: dict[str, dict[str, Any]]
    glossary: list[dict[str, Any]]
    sources: dict[str, dict[str, Any]]
    params: dict[str, float]
    derived: list[Derived]
    tasks: dict[str, Task]
    risks: dict[str, Risk]
    requirements: dict[str, Requirement]
    param_titles: dict[str, Text] = field(default_factory=dict)
    facts: dict[str, Fact] = field(default_factory=dict)        # the set's facts, in declared order
    retired: dict[str, str] = field(default_factory=dict)       # a retired fact path -> the version that retired it
    documents: dict[str, dict[str, Any]] = field(default_factory=dict)
    profile_schema: dict[str, Any] = field(default_factory=dict)  # the shared schema with this set's facts and scenarios
    ruleset: RuleSet | None = field(default=None, repr=False, compare=False)  # its rules decided together
    memo: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)  # derived once per set

    @property
    def id(self) -> str:
        return str(self.manifest["id"])

    @property
    def languages(self) -> list[str]:
        return list(self.manifest["languages"])

    @property
    def version(self) -> str:
        return str(self.manifest["version"])

    def task_order(self) -> list[str]:
        """Every task of the set in one order where each comes after what it depends on (a plan's
        tasks keep it): computed once per set and kept in the compiled cache (the set has no
        cycles: validation saw to it)."""
        order = self.memo.get("order")
        if order is None:
            from graphlib import TopologicalSorter  # small, standard; only a cold compile needs it

            graph = {tid: [d for d in t.depends_on if d in self.tasks] for tid, t in sorted(self.tasks.items())}
            order = self.memo["order"] = list(TopologicalSorter(graph).static_order())
        return order  # type: ignore[no-any-return]

    @property
    def renames(self) -> dict[str, str]:
        """An earlier path of a fact -> its path now (from the facts' ``renamed_from``)."""
        return {old: f.path for f in self.facts.values() for old in f.renamed_from}

    def fact_text(self, path: str, lang: str, key: str = "title") -> str:
        """A fact's title (or help) in ``lang``: the set's own facts, then the shared fields
        (``institution.type``, ``term_start``, …) of the fact catalogue."""
        fact = self.facts.get(path)
        if fact is not None:
            return pick(fact.title if key == "title" else fact.help, lang, self.languages)
        return fact_text(path, lang, key)

    def scenario_id(self, name: str) -> str | None:
        """Accept a scenario id or its number (its id, or its number such as ``2``)."""
        if name in self.scenarios:
            return name
        for sid, sc in self.scenarios.items():
            if str(sc.get("number")) == str(name):
                return sid
        return None

    def resolve_scenario(self, name: str) -> str:
        """The id of the scenario named by id or number; a usage error (exit 2) if there is none."""
        sid = self.scenario_id(name)
        if sid is None:
            names = ", ".join(f"{s} ({self.scenarios[s]['number']})" for s in self.scenarios)
            raise usage_error("--scenario", "P001", Msg("P001.unknown_scenario", name=name), Msg("hint.one_of", names=names))
        return sid

    def resolve_role(self, role: str) -> str:
        """The id of the actor named by id, abbreviation or title (any language, any case)."""
        if role in self.actors:
            return role
        lowered = _folded(role)  # АБП typed with a combining mark, or in another case, is АБП
        for aid, actor in self.actors.items():
            names = list(actor.get("short", {}).values()) + list(actor.get("title", {}).values())
            if any(lowered == _folded(n) for n in names):
                return aid
        roles = sorted(a for a, actor in self.actors.items() if actor.get("kind") == "institution")
        raise usage_error("--role", "P005", Msg("P005.unknown_role", role=role), Msg("hint.one_of", names=", ".join(roles)))

    def resolve_task(self, task_id: str) -> str:
        """``task_id`` if the set has such a task; a usage error with the closest id if not."""
        if task_id in self.tasks:
            return task_id
        close = closest(task_id, self.tasks)
        hint = Msg("hint.did_you_mean", name=close) if close else Msg("hint.plan_shows_tasks")
        raise usage_error(task_id, "P006", Msg("P006.unknown_task", task=task_id), hint)


def _folded(name: str) -> str:
    return unicodedata.normalize("NFC", name).casefold()


@dataclass
class Profile:
    """A checked institution profile (defaults of the schema filled in)."""

    doc: Document

    @property
    def data(self) -> dict[str, Any]:
        return self.doc.data  # type: ignore[no-any-return]

    @property
    def file(self) -> str:
        return self.doc.file

    @property
    def institution(self) -> dict[str, Any]:
        return self.data["institution"]  # type: ignore[no-any-return]

    @property
    def term_start(self) -> date:
        return date.fromisoformat(self.data["term_start"])

    @property
    def scenarios(self) -> list[str]:
        return list(self.data["scenarios"])

    @cached_property
    def progress(self) -> dict[str, dict[str, Any]]:
        return self.data.get("progress") or {}

    @cached_property
    def waivers(self) -> dict[str, dict[str, Any]]:
        return {w["task"]: w for w in self.data.get("waivers") or []}
