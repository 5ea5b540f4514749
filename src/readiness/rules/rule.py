"""A rule: parsed, checked, compiled; and how a compiled rule survives the cache."""
from __future__ import annotations

import ast
import marshal
import types
import warnings
from dataclasses import dataclass
from typing import Any

from .checker import Checker, RuleError
from .codegen import CodeGen
from .functions import namespace
from .facttypes import BOOL, NUMBER, FactType, Fn, TypeEnv, describe, listof
from .values import has_unknown, lookup

MAX_LENGTH = 1000
NUMBERS = "number or list:number"  # what a derived value may compute: one number, or one per item of a list
MAX_NODES = 200


@dataclass(frozen=True)
class Rule:
    text: str
    type: str
    paths: tuple[str, ...]
    fn: Fn
    env: tuple[tuple[str, FactType], ...] = ()  # the fact types it was checked against

    def __reduce__(self) -> tuple[Any, ...]:
        # Closures do not pickle. A rule compiled to one generated function stores that
        # function's code (marshal); any other stores its text and is compiled again.
        code = getattr(self.fn, "__code__", None)
        if code is not None and self.fn.__globals__.get("_c") == [] and code.co_name == "_rule":
            return (_restore, (self.text, self.type, self.paths, self.env, marshal.dumps(code)))
        return (_recompile, (self.text, self.type, self.env))

    def __call__(self, ctx: dict[str, Any]) -> Any:
        return self.fn(ctx)

    def missing(self, ctx: dict[str, Any]) -> list[str]:
        """The fact paths this rule reads that the context does not give."""
        return [p for p in self.paths if has_unknown(lookup(ctx, p.split(".")))]


_HINTS = {
    "E001": "rules use and/or/not, comparisons (== != < <= > >=), in, + - * / and dotted fact names",
    "E003": "compare like with like (numbers with numbers, texts with == or !=); a condition must be true or false",
    "E004": "rules use and/or/not, comparisons, in, + - * / and the functions " + ", ".join(sorted(
        ["count", "sum", "min", "max", "any", "all", "floor", "ceil", "round", "abs", "known"])),
}


def compile_rule(text: str, env: TypeEnv, expect: str = BOOL) -> Rule:
    """Parse, check and compile ``text``; raise :class:`RuleError` if it is not acceptable.

    Every error carries a hint: the specific one where the checker has it, else the code's.
    """
    try:
        return _compile_rule(text, env, expect)
    except RuleError as exc:
        if not exc.hint:
            exc.hint = _HINTS.get(exc.code, "see docs/rules.md")
        raise


def _compile_rule(text: str, env: TypeEnv, expect: str) -> Rule:
    if not isinstance(text, str) or not text.strip():
        raise RuleError("E001", "a rule must be a non-empty text")
    if len(text) > MAX_LENGTH:
        raise RuleError("E004", f"rule is too long ({len(text)} characters; at most {MAX_LENGTH})",
                        hint="split it into simpler rules or a derived value")
    source = " ".join(text.split("\n"))
    try:
        with warnings.catch_warnings():  # Python's own warnings ('1and') would reach the user's terminal
            warnings.simplefilter("ignore")
            tree = ast.parse(source.strip(), mode="eval")
    except SyntaxError as exc:
        offset = max((exc.offset or 1) - 1, 0)
        raise RuleError("E001", f"rule does not parse: {exc.msg}", offset,
                        "rules use and/or/not, comparisons (== != < <= > >=), in, + - * / and dotted fact names") from None
    except (RecursionError, MemoryError, ValueError):
        raise RuleError("E004", "rule is too deeply nested", hint="remove brackets or split it into derived values") from None
    count = sum(1 for _ in ast.walk(tree))
    if count > MAX_NODES:
        raise RuleError("E004", f"rule is too complex ({count} parts; at most {MAX_NODES})",
                        hint="split it into simpler rules or derived values")
    checker = Checker(env)
    typ, fn = checker.compile(tree.body)
    fn = CodeGen(checker).function(tree.body, fn)
    if expect == NUMBERS and typ not in (NUMBER, listof(NUMBER)):
        raise RuleError("E003", f"this must compute a number or a list of numbers, but it is {describe(typ)}",
                        hint="compute a number, e.g. 'staff.teaching / 3', or one number per room, e.g. 'rooms.area_m2 / 2.25'")
    if expect == NUMBER and typ != NUMBER:
        raise RuleError("E003", f"this must compute a number, but it is {describe(typ)}",
                        hint="compute a number, e.g. 'staff.teaching / 3' or 'count(rooms.area_m2 >= 50)'")
    if expect == BOOL and typ != BOOL:
        raise RuleError("E003", f"a condition must be true or false, but this is {describe(typ)}",
                        hint="compare it, e.g. 'x > 0' or 'x == true'")
    paths = tuple(sorted(checker.paths))
    return Rule(text, typ, paths, fn, tuple((p, env[p]) for p in paths))


def _recompile(text: str, expect: str, env: tuple[tuple[str, FactType], ...]) -> Rule:
    return compile_rule(text, dict(env), expect)


def _restore(text: str, typ: str, paths: tuple[str, ...], env: tuple[tuple[str, FactType], ...], code: bytes) -> Rule:
    return Rule(text, typ, paths, types.FunctionType(marshal.loads(code), namespace([])), env)


