"""A rule: parsed, checked, compiled; and how a compiled rule survives the cache."""
from __future__ import annotations

import ast
import marshal
import re
import types
import warnings
from dataclasses import dataclass
from typing import Any

from ..findings import Msg
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
    "E001": Msg("hint.rule_syntax"),
    "E003": Msg("hint.rule_types"),
    "E004": Msg("hint.rule_allowed", functions=", ".join(sorted(
        ["count", "sum", "min", "max", "any", "all", "floor", "ceil", "round", "abs", "known"]))),
}


def compile_rule(text: str, env: TypeEnv, expect: str = BOOL) -> Rule:
    """Parse, check and compile ``text``; raise :class:`RuleError` if it is not acceptable.

    Every error carries a hint: the specific one where the checker has it, else the code's.
    """
    try:
        return _compile_rule(text, env, expect)
    except RuleError as exc:
        if exc.hint_text is None:
            exc.set_hint(_HINTS.get(exc.code, Msg("hint.rules_doc")))
        raise


def _compile_rule(text: str, env: TypeEnv, expect: str) -> Rule:
    if not isinstance(text, str) or not text.strip():
        raise RuleError("E001", Msg("E001.empty_rule"))
    if len(text) > MAX_LENGTH:
        raise RuleError("E004", Msg("E004.rule_too_long", length=len(text), limit=MAX_LENGTH), hint=Msg("hint.split_rule"))
    source = " ".join(text.split("\n"))
    try:
        with warnings.catch_warnings():  # Python's own warnings ('1and') would reach the user's terminal
            warnings.simplefilter("ignore")
            tree = ast.parse(source.strip(), mode="eval")
    except SyntaxError as exc:
        offset = max((exc.offset or 1) - 1, 0)
        raise RuleError("E001", Msg("E001.syntax", error=_parser_words(exc.msg)), offset, Msg("hint.rule_syntax")) from None
    except (RecursionError, MemoryError, ValueError):
        raise RuleError("E004", Msg("E004.too_deep"), hint=Msg("hint.remove_brackets")) from None
    count = sum(1 for _ in ast.walk(tree))
    if count > MAX_NODES:
        raise RuleError("E004", Msg("E004.too_complex", count=count, limit=MAX_NODES), hint=Msg("hint.split_rules"))
    checker = Checker(env)
    typ, fn = checker.compile(tree.body)
    fn = CodeGen(checker).function(tree.body, fn)
    if expect == NUMBERS and typ not in (NUMBER, listof(NUMBER)):
        raise RuleError("E003", Msg("E003.must_be_numbers", type=describe(typ)), hint=Msg("hint.compute_numbers"))
    if expect == NUMBER and typ != NUMBER:
        raise RuleError("E003", Msg("E003.must_be_number", type=describe(typ)), hint=Msg("hint.compute_number"))
    if expect == BOOL and typ != BOOL:
        raise RuleError("E003", Msg("E003.must_be_bool", type=describe(typ)), hint=Msg("hint.compare_it"))
    paths = tuple(sorted(checker.paths))
    return Rule(text, typ, paths, fn, tuple((p, env[p]) for p in paths))


def _parser_words(said: str) -> Msg | str:
    """What Python's parser says, in the catalogue's words where it has them."""
    if said in _PARSER_WORDS:
        return Msg(_PARSER_WORDS[said])
    for pattern, key in _PARSER_PATTERNS:
        match = pattern.fullmatch(said)
        if match:
            return Msg(key, **match.groupdict())
    return said


_PARSER_WORDS = {
    "invalid syntax": "python.invalid_syntax",
    "invalid syntax. Perhaps you forgot a comma?": "python.forgot_comma",
    "invalid syntax. Maybe you meant '==' or ':=' instead of '='?": "python.equals",
    "unterminated string literal (detected at line 1)": "python.unterminated_string",
    "invalid decimal literal": "python.invalid_decimal",
}
_PARSER_PATTERNS = [
    (re.compile(r"'(?P<bracket>.)' was never closed"), "python.never_closed"),
    (re.compile(r"unmatched '(?P<bracket>.)'"), "python.unmatched"),
    (re.compile(r"closing parenthesis '(?P<closing>.)' does not match opening parenthesis '(?P<opening>.)'"), "python.mismatched"),
]


def _recompile(text: str, expect: str, env: tuple[tuple[str, FactType], ...]) -> Rule:
    return compile_rule(text, dict(env), expect)


def _restore(text: str, typ: str, paths: tuple[str, ...], env: tuple[tuple[str, FactType], ...], code: bytes) -> Rule:
    return Rule(text, typ, paths, types.FunctionType(marshal.loads(code), namespace([])), env)


