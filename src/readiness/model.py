"""The compiled playbook: plain, immutable objects the planner works on."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .rules import Rule

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


@dataclass(frozen=True)
class Derived:
    id: str
    title: Text
    rule: Rule
    unit: str = ""


SEVERITY_RANK = {"critical": 4, "high": 3, "medium": 2, "low": 1}


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
    memo: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)  # derived once per set

    @property
    def id(self) -> str:
        return str(self.manifest["id"])

    @property
    def languages(self) -> list[str]:
        return list(self.manifest["languages"])

    def scenario_id(self, name: str) -> str | None:
        """Accept a scenario id or its number (``2`` or ``blended``)."""
        if name in self.scenarios:
            return name
        for sid, sc in self.scenarios.items():
            if str(sc.get("number")) == str(name):
                return sid
        return None
