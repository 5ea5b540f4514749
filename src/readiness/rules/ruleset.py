"""A rule set: the rules of a playbook set decided together, by generated functions.

Deciding a rule on its own costs a Python call and reads each of its facts again. A set's rules
read the same few dozen facts, so :class:`RuleSet` reads each fact once into a local and
decides every rule in the same function, as a tuple of values. Each rule is the expression its
own generated function returns (see :mod:`.codegen`); a rule whose code needs the checker's
closures (a rule over lists) is left out and decided on its own.
"""
from __future__ import annotations

import marshal
import types
from typing import Any, Iterable

from .codegen import read_facts
from .functions import namespace
from .rule import ARITHMETIC, Rule

CHUNK = 250  # rules per generated function: bounds what Python's compiler is given at once


class RuleSet:
    """Rules decided at once: ``ruleset(ctx)`` is one value per rule of ``ruleset.rules``, in
    order, each what ``rule(ctx)`` gives; or None when the generated code met arithmetic with
    no answer, and each rule must be decided on its own (its own fallback knows what to do)."""

    __slots__ = ("rules", "ids", "_codes", "_fns")

    def __init__(self, rules: tuple[Rule, ...], codes: tuple[types.CodeType, ...]):
        self.rules = rules
        self.ids = tuple(map(id, rules))  # what an evaluation keys its values by
        self._codes = codes
        self._fns = tuple(types.FunctionType(code, namespace([])) for code in codes)

    def __call__(self, ctx: dict[str, Any]) -> tuple[Any, ...] | None:
        try:
            if len(self._fns) == 1:
                return self._fns[0](ctx)  # type: ignore[no-any-return]
            out: tuple[Any, ...] = ()
            for fn in self._fns:
                out += fn(ctx)
            return out
        except ARITHMETIC:
            return None

    def __len__(self) -> int:
        return len(self.rules)

    def __reduce__(self) -> tuple[Any, ...]:
        return (_restore, (self.rules, tuple(marshal.dumps(code) for code in self._codes)))


def compile_ruleset(rules: Iterable[Rule]) -> RuleSet:
    """The rules that have generated code (each once, in the order given) as one set."""
    chosen = tuple(dict.fromkeys(r for r in rules if r.expr))
    kept: list[Rule] = []
    codes = []
    for start in range(0, len(chosen), CHUNK):
        part = chosen[start:start + CHUNK]
        reads = sorted({path for rule in part for path in rule.reads})
        body = "\n".join(f"    {line}" for line in read_facts(reads))
        values = "".join(f"\n        {rule.expr}," for rule in part)
        source = f"def _rules(ctx):\n{body}\n    return ({values}\n    )\n"
        scope = namespace([])
        try:
            exec(compile(source, "<rules>", "exec"), scope)  # generated from checked rules only: see codegen
        except (SyntaxError, RecursionError, MemoryError, ValueError):
            continue  # too much for Python's compiler: these rules are decided each on its own
        kept.extend(part)
        codes.append(scope["_rules"].__code__)
    return RuleSet(tuple(kept), tuple(codes))


def _restore(rules: tuple[Rule, ...], codes: tuple[bytes, ...]) -> RuleSet:
    return RuleSet(rules, tuple(marshal.loads(code) for code in codes))
