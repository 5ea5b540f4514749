"""Checks across the files of a set (ids, references, sources, rules, translations, cycles)
and its compilation into a :class:`~readiness.model.Playbook`."""
from __future__ import annotations

import difflib
from typing import Any, Iterable

from ..errors import Diagnostic
from ..findings import Msg
from ..model import Derived, Playbook, Requirement, Risk, Step, Task
from ..rules import BOOL, NUMBER, NUMBERS, FactType, Rule, RuleError, compile_rule, compile_ruleset
from ..suggest import Suggest, closest
from .cycles import cycle_diagnostics
from .elements import KINDS, NOUNS, Element, Loaded
from .facts import compile_facts, type_env

class SetCompiler:
    """Semantic checks and compilation of a read set."""

    def __init__(self, loaded: Loaded):
        self.loaded = loaded
        self.diagnostics: list[Diagnostic] = []
        self.ids: dict[str, dict[str, Element]] = {}
        self.languages: list[str] = []
        self.suggest: dict[str, Suggest] = {}  # per kind of id, built on first need
        self.rules: dict[tuple[str, str, int], Any] = {}  # (text, expected type, env size) -> Rule or RuleError

    def run(self) -> Playbook | None:
        els = self.loaded.elements
        for kind in KINDS:
            self.ids[kind] = self._unique(kind, els[kind])
        manifest = self.loaded.manifest.data if self.loaded.manifest else {}
        self.languages = list(manifest.get("languages", []))
        live = {k: [e for e in els[k] if "_broken" not in e.data] for k in KINDS}
        vocabulary = compile_facts(live["facts"], list(self.ids["scenarios"]), manifest)
        self.diagnostics.extend(vocabulary.diagnostics)
        env = self._type_env(vocabulary.schema, live)
        derived = self._derived(live["derived"], env)
        tasks = self._tasks(live["tasks"], env)
        risks = self._risks(live["risks"], env, tasks)
        requirements = self._requirements(live["requirements"], env, tasks)
        if not self._partial():
            self._check_refs(live)  # with a file unreadable, its ids are unknown: every reference to them would be noise
        else:
            self.diagnostics = [d for d in self.diagnostics if d.code not in _NEEDS_WHOLE_SET]
        if any("_broken" in e.data for e in els["facts"]):  # a facts file with errors declares nothing: every rule would say so
            self.diagnostics = [d for d in self.diagnostics if d.code not in ("E002", "R015")]
        self._check_translations(live)
        self.diagnostics.extend(cycle_diagnostics(tasks, {t.id: self.ids["tasks"][t.id] for t in tasks}))
        if not manifest:
            return None
        return Playbook(
            path=str(self.loaded.root),
            manifest=manifest,
            scenarios={e.id: e.data for e in live["scenarios"]},
            areas={e.id: e.data for e in sorted(live["areas"], key=lambda e: (e.data.get("number", 999), e.id))},
            actors={e.id: e.data for e in live["actors"]},
            support={e.id: e.data for e in live["support"]},
            glossary=[e.data for e in live["glossary"]],
            sources={e.id: e.data for e in live["sources"]},
            params={e.id: e.data["value"] for e in live["params"]},
            param_titles={e.id: e.data.get("title", {}) for e in live["params"]},
            derived=derived,
            tasks={t.id: t for t in sorted(tasks, key=lambda t: t.id)},
            risks={r.id: r for r in sorted(risks, key=lambda r: r.id)},
            requirements={r.id: r for r in sorted(requirements, key=lambda r: r.id)},
            facts=vocabulary.facts,
            retired=vocabulary.retired,
            documents={e.id: e.data for e in live["documents"]},
            profile_schema=vocabulary.schema,
            ruleset=self._ruleset(derived),
        )

    # -- ids ---------------------------------------------------------------
    def _unique(self, kind: str, elements: list[Element]) -> dict[str, Element]:
        seen: dict[str, Element] = {}
        for el in elements:
            if el.id in seen:
                first = seen[el.id]
                line, _ = first.doc.where(first.path)
                message = Msg("R001.duplicate_id", noun=Msg(NOUNS[kind]), id=el.id, file=first.doc.file, line=line)
                self.diagnostics.append(el.diag("R001", message, Msg("hint.unique_ids"), key="id"))
            else:
                seen[el.id] = el
        return seen

    # -- rules -------------------------------------------------------------
    def _type_env(self, profile_schema: dict[str, Any], live: dict[str, list[Element]]) -> dict[str, FactType]:
        env = type_env(profile_schema)
        for el in live["params"]:
            env["params." + el.id] = FactType(NUMBER)
        return env

    def _rule(self, el: Element, key: str, env: dict[str, FactType], expect: str) -> Any:
        text = el.data.get(key)
        if text is None:
            return None
        try:
            return self._compiled(text, env, expect)
        except RuleError as exc:
            where = Msg("rule.at_character", offset=exc.offset + 1, snippet=text[exc.offset:exc.offset + 20]) if exc.offset else ""
            message = Msg("rule.in_element", element=el.named(), key=key, message=exc.text, where=where)
            self.diagnostics.append(el.diag(exc.code, message, exc.hint_text, key=key))
            return None

    def _compiled(self, text: str, env: dict[str, FactType], expect: str) -> Any:
        """Each distinct rule text is compiled once per set (and its error made once): a set of
        10,000 tasks has about a hundred distinct rules. Elements share the compiled rule, so a
        profile's evaluation decides it once too."""
        key = (text, expect, len(env))  # the environment only grows, as derived values are added
        known = self.rules.get(key)
        if known is None:
            try:
                known = self.rules[key] = compile_rule(text, env, expect)
            except RuleError as exc:
                known = self.rules[key] = exc
        if isinstance(known, RuleError):
            raise known
        return known

    def _ruleset(self, derived: list[Derived]) -> Any:
        """The set's rules decided together (derived values are computed first, one by one, in
        their order, since rules read them), in the order of their texts."""
        first = {id(d.rule) for d in derived}
        rules = [r for r in self.rules.values() if isinstance(r, Rule) and id(r) not in first]
        return compile_ruleset(sorted(rules, key=lambda r: (r.text, r.type)))

    def _derived(self, elements: list[Element], env: dict[str, FactType]) -> list[Derived]:
        out = []
        for el in elements:
            rule = self._rule(el, "expr", env, NUMBERS)
            # later derived values may use earlier ones: one number, or one per item of a list
            env["derived." + el.id] = FactType(rule.type if rule is not None else NUMBER)
            if rule is not None:
                out.append(Derived(el.id, el.data["title"], rule, el.data.get("unit", ""),
                                   frozenset(el.data.get("scenarios", self._all_scenarios())), el.data.get("method", {}),
                                   el.data.get("over"), el.data.get("inferred", False)))
        return out

    def _tasks(self, elements: list[Element], env: dict[str, FactType]) -> list[Task]:
        out = []
        for el in elements:
            d = el.data
            when, done = self._rule(el, "when", env, BOOL), self._rule(el, "done_when", env, BOOL)
            steps = tuple(Step(s["role"], s["text"], tuple(s.get("source", ())), s.get("inferred", False)) for s in d.get("steps", []))
            calendar = d.get("calendar") or {}
            out.append(Task(
                id=el.id, title=d["title"], area=d["area"], actor=d["actor"], scenarios=frozenset(d["scenarios"]),
                duration=d["duration"], due=d["due"], source=tuple(d["source"]), origin=el.origin(),
                when=when, done_when=done, depends_on=tuple(d.get("depends_on", ())),
                mitigates=tuple(d.get("mitigates", ())), requirements=tuple(d.get("requirements", ())),
                support=tuple(d.get("support", ())), steps=steps, blocking=d.get("blocking", True),
                repeat_days=d.get("repeat_days"), description=d.get("description", {}),
                calendar_start=calendar.get("start"), calendar_due=calendar.get("due"), inferred=d.get("inferred", False),
                tick_trusted=d.get("tick_trusted", False),
            ))
        return out

    def _all_scenarios(self) -> frozenset[str]:
        return frozenset(self.ids["scenarios"])

    def _risks(self, elements: list[Element], env: dict[str, FactType], tasks: list[Task]) -> list[Risk]:
        out = []
        by_risk = _index(tasks, "mitigates")  # once, not tasks × risks: 10,000-task sets check in seconds
        for el in elements:
            d = el.data
            rule = self._rule(el, "when", env, BOOL)
            mitigated_by = tuple(sorted(by_risk.get(el.id, ())))
            if not mitigated_by and not self._partial():
                self.diagnostics.append(el.diag("R010", Msg("R010.unmitigated", id=el.id), Msg("hint.name_in_mitigates"), key="id"))
            if rule is not None:
                out.append(Risk(el.id, d["title"], d["area"], d["severity"], rule,
                                frozenset(d.get("scenarios", self._all_scenarios())), tuple(d["source"]), el.origin(), mitigated_by,
                                d.get("inferred", False)))
        return out

    def _requirements(self, elements: list[Element], env: dict[str, FactType], tasks: list[Task]) -> list[Requirement]:
        out = []
        by_requirement = _index(tasks, "requirements")
        for el in elements:
            d = el.data
            threshold, param = self._threshold(el)
            measure = self._rule(el, "measure", env, BOOL if isinstance(threshold, bool) else NUMBER)
            when = self._rule(el, "when", env, BOOL)
            addressed = tuple(sorted(by_requirement.get(el.id, ())))
            if measure is not None and threshold is not None:
                out.append(Requirement(el.id, d["title"], d["area"], frozenset(d["scenarios"]), measure, d["op"], threshold,
                                       tuple(d["source"]), el.origin(), when, param, d.get("unit", ""), addressed,
                                       d.get("severity", "blocking"), d.get("structural", False), d.get("inferred", False)))
        return out

    def _threshold(self, el: Element) -> tuple[Any, str | None]:
        value = el.data["threshold"]
        if isinstance(value, bool):
            if el.data["op"] != "==":
                self.diagnostics.append(el.diag("E003", Msg("E003.bool_threshold", element=el.named()), Msg("hint.bool_threshold"), key="op"))
            return value, None
        if isinstance(value, (int, float)):
            return value, None
        name = value[len("params."):] if value.startswith("params.") else None
        params = self.ids["params"]
        if name is None or name not in params:
            close = difflib.get_close_matches(name or value, list(params), n=1)
            hint = Msg("hint.did_you_mean", name=f"params.{close[0]}") if close else Msg("hint.define_param")
            self.diagnostics.append(el.diag("R002", Msg("R002.bad_threshold", element=el.named(), value=value), hint, key="threshold"))
            return None, None
        return params[name].data.get("value"), name

    # -- references --------------------------------------------------------
    def _check_refs(self, live: dict[str, list[Element]]) -> None:
        refs = [  # (element kind, key, target kind, is list)
            ("tasks", "area", "areas", False), ("tasks", "actor", "actors", False), ("tasks", "support", "support", True),
            ("tasks", "depends_on", "tasks", True), ("tasks", "mitigates", "risks", True),
            ("tasks", "requirements", "requirements", True), ("tasks", "scenarios", "scenarios", True),
            ("risks", "area", "areas", False), ("risks", "scenarios", "scenarios", True),
            ("requirements", "area", "areas", False), ("requirements", "scenarios", "scenarios", True),
            ("derived", "scenarios", "scenarios", True), ("support", "areas", "areas", True),
            ("sources", "document", "documents", False), ("documents", "part_of", "documents", False),
        ]
        for kind, key, target, many in refs:
            known = self.ids[target]  # looked up here, not in _ref: 100,000 references for 10,000 tasks
            for el in live[kind]:
                found = el.data.get(key)
                if found is None:
                    continue
                for i, value in enumerate(found if many else (found,)):
                    if value is not None and value not in known:
                        self._ref(el, (key, i) if many else (key,), value, target)
        actors = self.ids["actors"]
        for el in live["tasks"]:
            for i, step in enumerate(el.data.get("steps", [])):
                if step["role"] not in actors:
                    self._ref(el, ("steps", i, "role"), step["role"], "actors")
                self._sources(el, step.get("source", []), ("steps", i, "source"))
            if el.id in el.data.get("depends_on", []):
                pass  # a self-dependency is reported as a cycle of length 1
        for kind in KINDS:
            for el in live[kind]:
                self._sources(el, el.data.get("source", []), ("source",))
        self._check_scenario_numbers(live["scenarios"])
        self._check_dependency_scenarios(live["tasks"])
        for el in live["actors"]:
            for i, duty in enumerate(el.data.get("duties", [])):
                self._sources(el, duty.get("source", []), ("duties", i, "source"))
                if "area" in duty:
                    self._ref(el, ("duties", i, "area"), duty["area"], "areas")

    def _check_scenario_numbers(self, scenarios: list[Element]) -> None:
        """``-s 2`` names the scenario numbered 2: two with one number would make it a guess."""
        first: dict[Any, Element] = {}
        for el in scenarios:
            number = el.data.get("number")
            if number is None:
                continue
            if number in first:
                message = Msg("R013.same_number", element=el.named(), number=number, other=first[number].id)
                self.diagnostics.append(self._at(el, ("number",), "R013", message, Msg("hint.unique_ids")))
            else:
                first[number] = el

    def _check_dependency_scenarios(self, tasks: list[Element]) -> None:
        """A dependency the plan can never apply (no scenario has both tasks) is a mistake to show, not to drop."""
        by_id = {el.id: el for el in tasks}
        for el in tasks:
            mine = set(el.data.get("scenarios", ()))
            for i, dep in enumerate(el.data.get("depends_on", [])):
                other = by_id.get(dep)
                if other is not None and mine and not mine & set(other.data.get("scenarios", ())):
                    self.diagnostics.append(self._at(el, ("depends_on", i), "R014",
                                                     Msg("R014.never_together", element=el.named(), dependency=dep),
                                                     Msg("hint.share_scenario", dependency=dep)))

    def _ref(self, el: Element, sub: tuple[str | int, ...], value: str, target: str) -> None:
        if value in self.ids[target]:
            return
        close = self._close(target, value, 0.6)
        hint = Msg("hint.did_you_mean", name=close) if close else Msg("hint.define_or_fix", kind=target)
        code, key = _UNKNOWN[target]
        self.diagnostics.append(self._at(el, sub, code, Msg(key, element=el.named(), value=value), hint))

    def _sources(self, el: Element, ids: Iterable[str], sub: tuple[str | int, ...]) -> None:
        registry = self.ids["sources"]
        if el.kind == "sources" or not registry:
            return
        for i, sid in enumerate(ids):
            if sid not in registry:
                close = self._close("sources", sid, 0.7)
                hint = Msg("hint.did_you_mean", name=close) if close else Msg("hint.source_ids")
                self.diagnostics.append(self._at(el, sub + (i,), "R012", Msg("R012.unknown_source", element=el.named(), source=sid), hint))

    def _partial(self) -> bool:
        """A file of the set could not be read: its ids are unknown, so references to them prove nothing."""
        return any(d.code.startswith("Y") for d in self.loaded.diagnostics)

    def _close(self, kind: str, word: str, cutoff: float) -> str | None:
        if kind not in self.suggest:
            self.suggest[kind] = Suggest(self.ids[kind])
        return self.suggest[kind](word, cutoff)

    def _at(self, el: Element, sub: tuple[str | int, ...], code: str, message: Msg, hint: Msg) -> Diagnostic:
        return el.doc.diag(el.path + sub, code, message, hint)

    # -- translations ------------------------------------------------------
    def _check_translations(self, live: dict[str, list[Element]]) -> None:
        if not self.languages:
            return
        if self.loaded.manifest:
            self._texts(self.loaded.manifest, self.loaded.manifest.data, ())
        for kind in KINDS:
            if kind == "sources":
                continue  # an item is quoted in the languages its document has; translations are welcome, not required
            for el in live[kind]:
                self._texts(el, el.data, ())

    def _texts(self, el: Element, value: dict[str, Any] | list[Any], sub: tuple[str | int, ...]) -> None:
        """Texts in ``value`` (a mapping or a list) without all the set's languages."""
        if isinstance(value, dict):
            if _is_text(value):
                missing = [lang for lang in self.languages if not value.get(lang, "").strip()]
                if missing:
                    message = Msg("T001.missing_translation", element=el.named(), languages=", ".join(missing))
                    self.diagnostics.append(self._at(el, sub, "T001", message, Msg("hint.add_languages")))
                return
            items: Iterable[tuple[str | int, Any]] = value.items()
        else:
            items = enumerate(value)
        for key, sub_value in items:
            if isinstance(sub_value, (dict, list)):  # only these can hold a text: leaves are not visited
                self._texts(el, sub_value, sub + (key,))


def _index(tasks: list[Task], attribute: str) -> dict[str, list[str]]:
    """Target id → ids of the tasks naming it in ``attribute`` (mitigates, requirements)."""
    out: dict[str, list[str]] = {}
    for t in tasks:
        for target in getattr(t, attribute):
            out.setdefault(target, []).append(t.id)
    return out


# a reference to an element of an unknown kind: its code and message
_UNKNOWN = {"documents": ("R011", "R011.unknown_document"), "tasks": ("R003", "R003.unknown_task"), "risks": ("R004", "R004.unknown_risk"),
            "actors": ("R005", "R005.unknown_actor"), "areas": ("R006", "R006.unknown_area"),
            "scenarios": ("R007", "R007.unknown_scenario"), "support": ("R008", "R008.unknown_support"),
            "requirements": ("R009", "R009.unknown_requirement")}

# findings that may only mean "defined in the file that could not be read"
_NEEDS_WHOLE_SET = frozenset({"R002", "R003", "R004", "R005", "R006", "R007", "R008", "R009", "R010", "R011", "R012", "R015", "E002"})


def _is_text(value: dict[str, Any]) -> bool:
    if not value or "id" in value:
        return False
    for k, v in value.items():
        if len(k) != 2 or not k.islower() or not isinstance(v, str):
            return False
    return True
