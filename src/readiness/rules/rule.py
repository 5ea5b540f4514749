"""A rule: parsed, checked, compiled; and how a compiled rule survives the cache."""
from __future__ import annotations

import ast
import io
import marshal
import re
import tokenize
import types
import warnings
from dataclasses import dataclass, field
from typing import Any

from ..findings import Msg
from .checker import Checker, RuleError
from .codegen import CodeGen
from .functions import namespace
from .facttypes import BOOL, NUMBER, FactType, Fn, TypeEnv, describe, listof
from .values import UNKNOWN, has_unknown, lookup

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
    # for a rule set (see ruleset.py), made when the rule is compiled and not kept in the cache:
    # the rule as one expression over the fact locals the set reads first ("" if it needs closures)
    expr: str = field(default="", compare=False, repr=False)
    reads: tuple[str, ...] = field(default=(), compare=False, repr=False)

    def __reduce__(self) -> tuple[Any, ...]:
        # Closures do not pickle. A rule compiled to one generated function stores that
        # function's code (marshal); any other stores its text and is compiled again.
        code = getattr(self.fn, "__code__", None)
        if code is not None and self.fn.__globals__.get("_c") == [] and code.co_name == "_rule":
            return (_restore, (self.text, self.type, self.paths, self.env, marshal.dumps(code)))
        return (_recompile, (self.text, self.type, self.env))

    def __call__(self, ctx: dict[str, Any]) -> Any:
        try:
            return self.fn(ctx)
        except ARITHMETIC:
            # the generated code met arithmetic with no answer (a product past any float): the
            # checker's closures, which give UNKNOWN for just that operation, decide instead
            try:
                return _reference(self.text, self.type, self.env)(ctx)
            except ARITHMETIC:
                return UNKNOWN

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


ARITHMETIC = (ArithmeticError, TypeError, ValueError)


def _reference(text: str, typ: str, env: tuple[tuple[str, FactType], ...]) -> Fn:
    """The checker's closures for a rule (the reference semantics), built when first needed."""
    key = (text, typ, env)
    if key not in _REFERENCES:
        tree = ast.parse(" ".join(text.split("\n")).strip(), mode="eval")
        _REFERENCES[key] = Checker(dict(env)).compile(tree.body)[1]
    return _REFERENCES[key]


_REFERENCES: dict[tuple[str, str, tuple[tuple[str, FactType], ...]], Fn] = {}


def _compile_rule(text: str, env: TypeEnv, expect: str) -> Rule:
    if not isinstance(text, str) or not text.strip():
        raise RuleError("E001", Msg("E001.empty_rule"))
    if len(text) > MAX_LENGTH:
        raise RuleError("E004", Msg("E004.rule_too_long", length=len(text), limit=MAX_LENGTH), hint=Msg("hint.split_rule"))
    _refuse_unsafe_text(text)
    source = " ".join(text.split("\n"))
    try:
        with warnings.catch_warnings():  # Python's own warnings ('1and') would reach the user's terminal
            warnings.simplefilter("ignore")
            tree = ast.parse(source.strip(), mode="eval")
    except SyntaxError as exc:
        offset = max((exc.offset or 1) - 1, 0)
        raise RuleError("E001", Msg("E001.syntax", error=_parser_words(exc.msg)), offset, Msg("hint.rule_syntax")) from None
    except ValueError as exc:
        if "digits" in str(exc):  # Python refuses an integer of over 4,300 digits
            raise RuleError("E004", Msg("E004.big_number", value=Msg("rule.many_digits"), limit="1e+12"),
                            hint=Msg("hint.smaller_number")) from None
        raise RuleError("E004", Msg("E004.too_deep"), hint=Msg("hint.remove_brackets")) from None
    except (RecursionError, MemoryError):
        raise RuleError("E004", Msg("E004.too_deep"), hint=Msg("hint.remove_brackets")) from None
    _refuse_comments_and_lookalikes(source)
    count = sum(1 for _ in ast.walk(tree))
    if count > MAX_NODES:
        raise RuleError("E004", Msg("E004.too_complex", count=count, limit=MAX_NODES), hint=Msg("hint.split_rules"))
    checker = Checker(env)
    typ, closures = checker.compile(tree.body)
    fn = CodeGen(checker).function(tree.body, closures)
    hoisted = CodeGen(checker, hoisted=True)
    expr = (hoisted.expression(tree.body) or "") if fn is not closures else ""  # too deep for the compiler: on its own
    if expect == NUMBERS and typ not in (NUMBER, listof(NUMBER)):
        raise RuleError("E003", Msg("E003.must_be_numbers", type=describe(typ)), hint=Msg("hint.compute_numbers"))
    if expect == NUMBER and typ != NUMBER:
        raise RuleError("E003", Msg("E003.must_be_number", type=describe(typ)), hint=Msg("hint.compute_number"))
    if expect == BOOL and typ != BOOL:
        raise RuleError("E003", Msg("E003.must_be_bool", type=describe(typ)), hint=Msg("hint.compare_it"))
    paths = tuple(sorted(checker.paths))
    return Rule(text, typ, paths, fn, tuple((p, env[p]) for p in paths), expr, tuple(sorted(hoisted.reads)))


# control characters, lone surrogates, bidirectional embeddings, overrides and isolates: a rule
# that shows one thing and means another (a right-to-left override reorders what a reviewer reads)
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\u061c\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def _refuse_unsafe_text(text: str) -> None:
    found = _UNSAFE.search(text)
    if found:
        char = found.group()
        raise RuleError("E004", Msg("E004.unsafe_character", code=f"U+{ord(char):04X}"), found.start(), Msg("hint.plain_rule"))


def _refuse_comments_and_lookalikes(source: str) -> None:
    """A ``#`` would end the rule where a reader does not see it end (``true # and group.count > 5``
    is ``true``); a name in other letters than a-z (fullwidth ｓｔａｆｆ) is read by Python as its NFKC
    form, so the rule would mean a fact its text does not show."""
    if "#" not in source and source.isascii():
        return
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    except (tokenize.TokenError, SyntaxError):
        return  # the parser accepted it: nothing a tokenizer refuses can hide here
    for tok in tokens:
        if tok.type == tokenize.COMMENT:
            raise RuleError("E004", Msg("E004.comment"), tok.start[1], Msg("hint.no_comment"))
        if tok.type == tokenize.NAME and not tok.string.isascii():
            raise RuleError("E004", Msg("E004.lookalike_name", name=tok.string), tok.start[1], Msg("hint.ascii_names"))


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


