"""Evaluate a playbook's rules against one profile for one scenario.

The result says, for every task, risk and requirement, where it stands: this is the
shared ground of plans, gap reports and checklists.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..model import Playbook, Profile, Requirement, Task
from ..rules import UNKNOWN, Rule, RuleSet, has_unknown, prepare

# task states
NOT_IN_SCENARIO = "not_in_scenario"
NOT_APPLICABLE = "not_applicable"
EXTERNAL = "external"            # done by a ministry body or partner, not by the institution
SKIPPED = (NOT_IN_SCENARIO, NOT_APPLICABLE, EXTERNAL)
WAIVED = "waived"
DONE = "done"
IN_PROGRESS = "in_progress"
OPEN = "open"
PLANNED = (OPEN, IN_PROGRESS)

# why a task the profile's progress marks done is not taken as done (it stays in the plan, in progress)
DISPUTED = "disputed"        # its done_when is false for the profile's own facts: the facts decide
DATED_LATER = "dated_later"  # its date of completion is after the day of the plan

_OPS = {">=": lambda a, b: a >= b, "<=": lambda a, b: a <= b, ">": lambda a, b: a > b,
        "<": lambda a, b: a < b, "==": lambda a, b: a == b}


@dataclass
class TaskState:
    task: Task
    state: str
    applies: Any = True          # True, or UNKNOWN when the `when` rule could not be decided
    done_by: str = ""            # "progress" or "rule" for done tasks
    progress: dict[str, Any] = field(default_factory=dict)
    waiver: dict[str, Any] = field(default_factory=dict)
    unmet: tuple[str, ...] = ()  # open: requirements it serves that are unmet
    disputed: str = ""           # marked done but not taken as done: DISPUTED or DATED_LATER


@dataclass
class RequirementState:
    requirement: Requirement
    status: str                  # met | unmet | unknown | not_applicable
    value: Any = None


@dataclass
class Assessment:
    playbook: Playbook
    profile: Profile
    scenario: str
    derived: dict[str, Any]
    tasks: dict[str, TaskState]
    risks: dict[str, Any]        # risk id -> True | False | UNKNOWN
    requirements: dict[str, RequirementState]
    questions: dict[str, set[str]]  # fact path -> ids of the elements that need it
    context: dict[str, Any] = field(default_factory=dict, repr=False)  # what the rules ran on

    def triggered_risks(self) -> list[str]:
        return [rid for rid, v in self.risks.items() if v is True]


def assess(playbook: Playbook, profile: Profile, scenario: str, today: date | None = None) -> Assessment:
    return assess_all(playbook, profile, [scenario], today)[scenario]


def assess_all(playbook: Playbook, profile: Profile, scenarios: list[str], today: date | None = None) -> dict[str, Assessment]:
    """Assess several scenarios at once.

    Rules do not depend on the scenario: every rule is decided once per profile (with the facts
    its unknown result lacked), and each scenario takes the tasks, risks and requirements that
    belong to it. A scenario asks only for the facts its own elements (and its derived values)
    need; a derived value that is unknown passes on the facts it lacked to the rules that read it.
    With ``today``, a task marked done on a later day is not done yet (:func:`_task_state`).
    """
    decide = _Decider(rule_context(profile.data, playbook.params))
    derived = _derived(playbook, decide)
    decide.decide_all(playbook.ruleset)
    skipped = _skipped_states(playbook)
    tasks = _TaskStates(decide, profile, today)
    out = {}
    for scenario in scenarios:
        questions: dict[str, set[str]] = {}
        for d in playbook.derived:
            if scenario in d.scenarios:
                decide(d.rule, "derived." + d.id, questions)
        req_states = {}
        for rid, req in playbook.requirements.items():
            in_scenario = scenario in req.scenarios
            req_states[rid] = _requirement(req, decide, questions) if in_scenario else RequirementState(req, "not_applicable")
        task_states = {}
        for tid, task in playbook.tasks.items():
            task_states[tid] = skipped[scenario].get(tid) or tasks.state(task, req_states, questions)
        risk_values = {rid: decide(risk.when, rid, questions) for rid, risk in playbook.risks.items() if scenario in risk.scenarios}
        out[scenario] = Assessment(playbook, profile, scenario, derived, task_states, risk_values, req_states, questions,
                                   decide.ctx)
    return out


def rule_context(profile: dict[str, Any], params: dict[str, float]) -> dict[str, Any]:
    """The namespace rules are evaluated in (derived values are added as they are computed)."""
    facts: dict[str, Any] = dict(profile.get("facts") or {})
    facts["institution"] = profile.get("institution", {})
    facts["params"] = params
    ctx = prepare(facts)
    ctx["derived"] = {}
    return ctx


def _skipped_states(playbook: Playbook) -> dict[str, dict[str, TaskState]]:
    """Per scenario, the tasks that are not the institution's there: not in it, or external.

    The same for every profile, so kept with the playbook (TaskState objects are never changed).
    """
    cached = playbook.memo.get("skipped")
    if cached is None:
        external = {aid for aid, actor in playbook.actors.items() if actor.get("kind") != "institution"}
        cached = {}
        for scenario in playbook.scenarios:
            cached[scenario] = {}
            for tid, task in playbook.tasks.items():
                if scenario not in task.scenarios:
                    cached[scenario][tid] = TaskState(task, NOT_IN_SCENARIO)
                elif task.actor in external:
                    cached[scenario][tid] = TaskState(task, EXTERNAL)
        playbook.memo["skipped"] = cached
    return cached  # type: ignore[no-any-return]


class _Decider:
    """Evaluates rules against one profile, each rule once; records the facts unknown results lacked.

    The set's rules are decided together once the derived values are known (see
    :class:`~readiness.rules.RuleSet`); a rule outside it is decided when first asked. What an
    unknown result lacked is found when first asked, too. A derived value that is unknown
    stands for the facts it lacked: a rule reading it asks for them.
    """

    def __init__(self, ctx: dict[str, Any]):
        self.ctx = ctx
        self.values: dict[int, Any] = {}               # id(rule) -> its value
        self.lacking: dict[int, tuple[str, ...]] = {}  # id(rule) -> the facts its unknown value lacked
        self.lacks: dict[str, tuple[str, ...]] = {}    # "derived.x" -> the facts its unknown value lacked

    def decide_all(self, ruleset: RuleSet | None) -> None:
        if ruleset is None:
            return
        values = ruleset(self.ctx)
        if values is not None:  # None: arithmetic with no answer, each rule is decided when asked
            self.values.update(zip(ruleset.ids, values))

    def __call__(self, rule: Rule, owner: str, questions: dict[str, set[str]]) -> Any:
        value = self.values.get(id(rule), _NOT_YET)
        if value is _NOT_YET:
            value = self.values[id(rule)] = rule(self.ctx)
        if value is UNKNOWN:
            for path in self.lacked(rule):
                questions.setdefault(path, set()).add(owner)
        return value

    def lacked(self, rule: Rule) -> tuple[str, ...]:
        """The facts a rule already decided lacked (none when its value is known)."""
        if self.values[id(rule)] is not UNKNOWN:
            return ()
        facts = self.lacking.get(id(rule))
        if facts is None:
            facts = self.lacking[id(rule)] = self._facts(rule.missing(self.ctx))
        return facts

    def missing(self, rule: Rule) -> tuple[str, ...]:
        """The facts ``rule`` lacks whatever its value: a partly known one (between bounds, or a list
        holding an unknown) lacks them too."""
        return self._facts(rule.missing(self.ctx))

    def ask(self, rule: Rule, owner: str, questions: dict[str, set[str]]) -> None:
        """Record as ``owner``'s questions the facts a partly known value of ``rule`` lacks (a
        value between bounds that leaves its comparison open: count([false, ?]) is 1 or 2)."""
        for path in self.missing(rule):
            questions.setdefault(path, set()).add(owner)

    def _facts(self, paths: list[str]) -> tuple[str, ...]:
        out: list[str] = []
        for path in paths:
            out.extend(self.lacks.get(path, () if path.startswith("derived.") else (path,)))
        return tuple(dict.fromkeys(out))


_NOT_YET = object()


def _derived(playbook: Playbook, decide: _Decider) -> dict[str, Any]:
    values: dict[str, Any] = decide.ctx["derived"]
    for d in playbook.derived:
        key = "derived." + d.id
        values[d.id] = value = decide(d.rule, key, {})
        if value is UNKNOWN:
            decide.lacks[key] = decide.lacked(d.rule)
        elif has_unknown(value):  # a room's seats unknown in a list of rooms: what it lacks is asked by the rules reading it
            decide.lacks[key] = decide.missing(d.rule)
    return values


class _TaskStates:
    """Task states of one profile, decided once and shared by the scenarios (a state differs
    between scenarios only by the unmet requirements of each), each with the facts its unknown
    rules lacked (the task's questions in every scenario that has it)."""

    def __init__(self, decide: _Decider, profile: Profile, today: date | None):
        self.decide, self.profile, self.today = decide, profile, today
        self.known: dict[tuple[str, tuple[str, ...]], tuple[TaskState, tuple[str, ...]]] = {}

    def state(self, task: Task, requirements: dict[str, RequirementState], questions: dict[str, set[str]]) -> TaskState:
        unmet = tuple(r for r in task.requirements if r in requirements and requirements[r].status == "unmet") \
            if task.requirements else ()
        key = (task.id, unmet)
        hit = self.known.get(key)
        if hit is None:
            consulted: list[Rule] = []
            blocking_unmet = any(requirements[r].requirement.severity == "blocking" for r in unmet)
            state = _task_state(task, self.decide, self.profile, unmet, consulted, self.today, blocking_unmet)
            lacked = self.decide.lacked
            hit = self.known[key] = (state, tuple(dict.fromkeys(f for rule in consulted for f in lacked(rule))))
        for path in hit[1]:
            questions.setdefault(path, set()).add(task.id)
        return hit[0]


def _task_state(task: Task, decide: _Decider, profile: Profile, unmet: tuple[str, ...], consulted: list[Rule],
                today: date | None = None, blocking_unmet: bool = False) -> TaskState:
    """The state of a task that belongs to the scenario and to the institution.

    A task whose rule says it is done while a requirement it serves is unmet is not done: the
    measure shows that its work has not (yet) put the requirement in place. A task the progress
    marks done is not taken as done where the profile's own facts say otherwise (its
    ``done_when`` decided false: "install an LMS" done with ``lms: none``, unless the set trusts
    its ticks; a task that serves requirements is judged by them instead: disputed while a
    *blocking* one is unmet, since the tick would leave that requirement with nothing to fix it),
    nor, as of ``today``, when the day it was done is later: either stays in the plan, in
    progress, flagged with why.
    ``consulted`` gets the rules decided, whose missing facts are the task's questions.
    """
    applies: Any = True
    if task.when is not None:
        consulted.append(task.when)
        applies = decide(task.when, task.id, {})
        if applies is False:
            return TaskState(task, NOT_APPLICABLE, applies=False)
    if task.id in profile.waivers:
        return TaskState(task, WAIVED, applies, waiver=profile.waivers[task.id])
    progress = profile.progress.get(task.id, {})
    status = progress.get("status")
    dated_later = status == "done" and today is not None and _after(progress.get("date"), today)
    if status == "done" and not dated_later:
        # "appoint the officer" ticked with no officer in the facts, "install the LMS" with lms: none
        contradicted = task.done_when is not None and not task.tick_trusted and not task.requirements \
            and decide(task.done_when, task.id, {}) is False
        if blocking_unmet or contradicted:
            return TaskState(task, IN_PROGRESS, applies, progress=progress, unmet=unmet, disputed=DISPUTED)
        return TaskState(task, DONE, applies, done_by="progress", progress=progress)
    if task.done_when is not None:  # a tick dated after today counts for nothing: the facts may still say done
        consulted.append(task.done_when)
        if decide(task.done_when, task.id, {}) is True and not unmet:
            return TaskState(task, DONE, applies, done_by="rule", progress=progress)
    if dated_later:
        return TaskState(task, IN_PROGRESS, applies, progress=progress, unmet=unmet, disputed=DATED_LATER)
    return TaskState(task, IN_PROGRESS if status == "in_progress" else OPEN, applies, progress=progress, unmet=unmet)


def _after(day: Any, today: date) -> bool:
    """Whether a progress entry's ``date`` (checked ``YYYY-MM-DD`` text, or a date) is after ``today``."""
    if isinstance(day, str):
        try:
            day = date.fromisoformat(day)
        except ValueError:
            return False
    return isinstance(day, date) and day > today


def _requirement(req: Requirement, decide: _Decider, questions: dict[str, set[str]]) -> RequirementState:
    if req.when is not None:
        applies = decide(req.when, req.id, questions)
        if applies is False:
            return RequirementState(req, "not_applicable")
        if applies is UNKNOWN:
            return RequirementState(req, "unknown")
    value = decide(req.measure, req.id, questions)
    if value is UNKNOWN:
        return RequirementState(req, "unknown")
    met = _OPS[req.op](value, req.threshold)  # a partly known value may already decide it
    if met is UNKNOWN:
        decide.ask(req.measure, req.id, questions)  # what its bounds lack is the requirement's question too
        return RequirementState(req, "unknown", value)
    return RequirementState(req, "met" if met else "unmet", value)
