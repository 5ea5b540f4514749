"""The rule language: a small, safe, three-valued expression language.

A rule is parsed with Python's own parser (``ast.parse(mode="eval")``), then
every node is checked against a whitelist and type-checked against the fact
types taken from the profile schema, and compiled into nested closures.
Nothing is ever passed to ``eval``: a construct that is not on the whitelist
(attribute access on values, subscripts, lambdas, comprehensions, f-strings,
``**``, calls of any name but the functions below) is rejected before anything
runs.

Values are three-valued: a fact the profile does not give evaluates to
``UNKNOWN``, which propagates through arithmetic and comparisons and follows
Kleene logic in ``and``/``or``/``not``. See docs/rules.md.
"""
from __future__ import annotations

import ast
import difflib
import marshal
import math
import types
import warnings
from dataclasses import dataclass
from typing import Any, Callable


class _Unknown:
    __slots__ = ()

    def __repr__(self) -> str:
        return "UNKNOWN"

    def __bool__(self) -> bool:  # an unknown must never be mistaken for false
        raise TypeError("UNKNOWN has no truth value")


UNKNOWN: Any = _Unknown()

MAX_LENGTH = 1000
MAX_NODES = 200
MAX_CONSTANT = 1e12

# Types: "bool", "number", "string", "object", or "list:<type>".
BOOL, NUMBER, STRING, OBJECT = "bool", "number", "string", "object"


def listof(t: str) -> str:
    return "list:" + t


def is_list(t: str) -> bool:
    return t.startswith("list:")


def elem(t: str) -> str:
    return t[5:] if is_list(t) else t


@dataclass(frozen=True)
class FactType:
    type: str
    enum: tuple[str, ...] = ()


TypeEnv = dict[str, FactType]
Fn = Callable[[dict[str, Any]], Any]


class RuleError(Exception):
    """A rule that cannot be accepted; ``offset`` is the 0-based character in the rule."""

    def __init__(self, code: str, message: str, offset: int = 0, hint: str = ""):
        super().__init__(message)
        self.code, self.message, self.offset, self.hint = code, message, offset, hint


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
        return [p for p in self.paths if _has_unknown(lookup(ctx, p.split(".")))]


def _has_unknown(value: Any) -> bool:
    if value is UNKNOWN:
        return True
    return isinstance(value, list) and any(_has_unknown(v) for v in value)


def lookup(obj: Any, keys: list[str] | tuple[str, ...]) -> Any:
    """Follow a dotted path; a list on the way maps the rest of the path over its items."""
    for i, key in enumerate(keys):
        if isinstance(obj, list):
            rest = keys[i:]
            return [lookup(item, rest) for item in obj]
        if not isinstance(obj, dict):
            return UNKNOWN
        obj = obj.get(key, UNKNOWN)
        if obj is None:
            return UNKNOWN
    return obj


def prepare(facts: dict[str, Any]) -> dict[str, Any]:
    """The context rules run on: the facts, plus each dotted path outside lists as one key.

    ``{"staff": {"teaching": 40}}`` also gets ``"staff.teaching": 40``, so that a compiled
    rule reads a fact with one dictionary look-up.
    """
    ctx = dict(facts)

    def walk(obj: dict[str, Any], prefix: str) -> None:
        for key, value in obj.items():
            if value is None:
                continue
            path = prefix + key
            if prefix:
                ctx[path] = value
            if isinstance(value, dict):
                walk(value, path + ".")

    walk(facts, "")
    return ctx


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
    checker = _Compiler(env)
    typ, fn = checker.compile(tree.body)
    fn = _CodeGen(checker).function(tree.body, fn)
    if expect == NUMBER and typ != NUMBER:
        raise RuleError("E003", f"this must compute a number, but it is {_describe(typ)}",
                        hint="compute a number, e.g. 'staff.teaching / 3' or 'count(rooms.area_m2 >= 50)'")
    if expect == BOOL and typ != BOOL:
        raise RuleError("E003", f"a condition must be true or false, but this is {_describe(typ)}",
                        hint="compare it, e.g. 'x > 0' or 'x == true'")
    paths = tuple(sorted(checker.paths))
    return Rule(text, typ, paths, fn, tuple((p, env[p]) for p in paths))


def _recompile(text: str, expect: str, env: tuple[tuple[str, FactType], ...]) -> Rule:
    return compile_rule(text, dict(env), expect)


def _restore(text: str, typ: str, paths: tuple[str, ...], env: tuple[tuple[str, FactType], ...], code: bytes) -> Rule:
    return Rule(text, typ, paths, types.FunctionType(marshal.loads(code), _namespace([])), env)


def _namespace(closures: list[Fn]) -> dict[str, Any]:
    """All a generated rule function can reach: no builtins, only these names."""
    return {"__builtins__": {}, "_U": UNKNOWN, "_E": {}, "_c": closures,
            "_floor": _safe(math.floor), "_ceil": _safe(math.ceil), "_round": _safe(round),
            "_abs": abs, "_min": min, "_max": max, "_div": _safe(lambda a, b: a / b)}


def _describe(t: str) -> str:
    names = {BOOL: "a true/false value", NUMBER: "a number", STRING: "a text", OBJECT: "a group of facts"}
    if is_list(t):
        return "a list of " + {BOOL: "true/false values", NUMBER: "numbers", STRING: "texts", OBJECT: "items"}[elem(t)]
    return names[t]


def _kleene_and(fns: list[Fn]) -> Fn:
    def run(ctx: dict[str, Any]) -> Any:
        unknown = False
        for f in fns:
            v = f(ctx)
            if v is UNKNOWN:
                unknown = True
            elif not v:
                return False
        return UNKNOWN if unknown else True
    return run


def _kleene_or(fns: list[Fn]) -> Fn:
    def run(ctx: dict[str, Any]) -> Any:
        unknown = False
        for f in fns:
            v = f(ctx)
            if v is UNKNOWN:
                unknown = True
            elif v:
                return True
        return UNKNOWN if unknown else False
    return run


def _lift2(op: Callable[[Any, Any], Any], left: Fn, right: Fn, lt: str, rt: str) -> Fn:
    """Apply a binary operator, element-wise where a side is a list, UNKNOWN-aware."""

    def one(a: Any, b: Any) -> Any:
        if a is UNKNOWN or b is UNKNOWN:
            return UNKNOWN
        try:
            return op(a, b)
        except (ZeroDivisionError, OverflowError, TypeError):
            return UNKNOWN

    if is_list(lt) and is_list(rt):
        def both(ctx: dict[str, Any]) -> Any:
            a, b = left(ctx), right(ctx)
            if a is UNKNOWN or b is UNKNOWN or len(a) != len(b):
                return UNKNOWN
            return [one(x, y) for x, y in zip(a, b)]
        return both
    if is_list(lt):
        def lmap(ctx: dict[str, Any]) -> Any:
            a, b = left(ctx), right(ctx)
            return UNKNOWN if a is UNKNOWN else [one(x, b) for x in a]
        return lmap
    if is_list(rt):
        def rmap(ctx: dict[str, Any]) -> Any:
            a, b = left(ctx), right(ctx)
            return UNKNOWN if b is UNKNOWN else [one(a, y) for y in b]
        return rmap

    def scalar(ctx: dict[str, Any]) -> Any:
        return one(left(ctx), right(ctx))
    return scalar


def _reduce(fn: Callable[[list[Any]], Any], empty: Any) -> Callable[[Any], Any]:
    def run(values: Any) -> Any:
        if values is UNKNOWN or any(v is UNKNOWN for v in values):
            return UNKNOWN
        return fn(values) if values else empty
    return run


def _count(values: Any) -> Any:
    if values is UNKNOWN:
        return UNKNOWN
    if values and all(isinstance(v, bool) or v is UNKNOWN for v in values):
        if any(v is UNKNOWN for v in values):
            return UNKNOWN
        return sum(1 for v in values if v)
    return len(values)


def _safe(fn: Callable[..., Any]) -> Callable[..., Any]:
    """``fn`` with UNKNOWN for what has no answer: floor(inf), round(nan), a huge int / 3."""
    def run(*args: Any) -> Any:
        try:
            return fn(*args)
        except (OverflowError, ValueError, ZeroDivisionError):
            return UNKNOWN
    return run


def _scalar1(fn: Callable[[float], Any]) -> Callable[[Any], Any]:
    safe = _safe(fn)

    def run(v: Any) -> Any:
        return UNKNOWN if v is UNKNOWN else safe(v)
    return run


# name -> (argument types accepted, result type, implementation over evaluated args)
_LIST_FUNCS: dict[str, tuple[tuple[str, ...], str, Callable[[Any], Any]]] = {
    "count": (("list:*",), NUMBER, _count),
    "sum": (("list:number",), NUMBER, _reduce(sum, 0)),
    "min": (("list:number",), NUMBER, _reduce(min, UNKNOWN)),
    "max": (("list:number",), NUMBER, _reduce(max, UNKNOWN)),
    "any": (("list:bool",), BOOL, _reduce(any, False)),
    "all": (("list:bool",), BOOL, _reduce(all, True)),
}
_NUMBER_FUNCS: dict[str, Callable[[Any], Any]] = {
    "floor": _scalar1(math.floor),
    "ceil": _scalar1(math.ceil),
    "round": _scalar1(round),
    "abs": _scalar1(abs),
}
FUNCTIONS = sorted([*_LIST_FUNCS, *_NUMBER_FUNCS, "known"])

_ARITH = {ast.Add: (lambda a, b: a + b), ast.Sub: (lambda a, b: a - b),
          ast.Mult: (lambda a, b: a * b), ast.Div: (lambda a, b: a / b)}
_ORDER = {ast.Lt: (lambda a, b: a < b), ast.LtE: (lambda a, b: a <= b),
          ast.Gt: (lambda a, b: a > b), ast.GtE: (lambda a, b: a >= b)}
_EQUAL = {ast.Eq: (lambda a, b: a == b), ast.NotEq: (lambda a, b: a != b)}
_OPNAMES = {ast.Pow: "**", ast.Mod: "%", ast.FloorDiv: "//", ast.BitAnd: "&", ast.BitOr: "|",
            ast.BitXor: "^", ast.LShift: "<<", ast.RShift: ">>", ast.MatMult: "@",
            ast.Is: "is", ast.IsNot: "is not", ast.Invert: "~"}
_CONSTRUCTS = {ast.Lambda: "lambda", ast.ListComp: "comprehensions", ast.SetComp: "comprehensions",
               ast.DictComp: "comprehensions", ast.GeneratorExp: "comprehensions",
               ast.JoinedStr: "f-strings", ast.Subscript: "indexing with [ ]", ast.IfExp: "'x if c else y'",
               ast.NamedExpr: "':='", ast.Starred: "'*'", ast.Dict: "{...}", ast.Set: "{...}",
               ast.Await: "await", ast.Yield: "yield", ast.YieldFrom: "yield", ast.Slice: "slices"}


class _Compiler:
    def __init__(self, env: TypeEnv):
        self.env = env
        self.paths: set[str] = set()
        self.compiled: dict[int, tuple[str, Fn]] = {}

    def fail(self, node: ast.AST, code: str, message: str, hint: str = "") -> RuleError:
        return RuleError(code, message, getattr(node, "col_offset", 0), hint)

    def compile(self, node: ast.AST) -> tuple[str, Fn]:
        method = getattr(self, "_" + type(node).__name__, None)
        if method is None:
            what = _CONSTRUCTS.get(type(node), type(node).__name__)
            raise self.fail(node, "E004", f"{what} is not allowed in rules")
        result: tuple[str, Fn] = method(node)
        self.compiled[id(node)] = result
        return result

    # -- leaves -------------------------------------------------------------
    def _Constant(self, node: ast.Constant) -> tuple[str, Fn]:
        v = node.value
        if isinstance(v, bool):
            return BOOL, lambda ctx: v
        if isinstance(v, (int, float)):
            if not math.isfinite(v) or abs(v) > MAX_CONSTANT:
                raise self.fail(node, "E004", f"number {v!r} is too large (at most {MAX_CONSTANT:.0e})",
                                "no fact comes near it: write a smaller number")
            return NUMBER, lambda ctx: v
        if isinstance(v, str):
            if len(v) > 200:
                raise self.fail(node, "E004", "text constant is too long (at most 200 characters)")
            return STRING, lambda ctx: v
        raise self.fail(node, "E004", f"constant {v!r} is not allowed in rules")

    def _Name(self, node: ast.Name) -> tuple[str, Fn]:
        if node.id in ("true", "false"):
            val = node.id == "true"
            return BOOL, lambda ctx: val
        return self._path(node, node.id)

    def _Attribute(self, node: ast.Attribute) -> tuple[str, Fn]:
        parts: list[str] = []
        cur: ast.AST = node
        while isinstance(cur, ast.Attribute):
            parts.append(cur.attr)
            cur = cur.value
        if not isinstance(cur, ast.Name):
            raise self.fail(node, "E004", "attributes can only follow a fact name (no method calls or attribute access on values)",
                            "write a dotted fact name such as staff.teaching")
        parts.append(cur.id)
        return self._path(node, ".".join(reversed(parts)))

    def _path(self, node: ast.AST, path: str) -> tuple[str, Fn]:
        if "__" in path or path.startswith("_") or "._" in path:
            raise self.fail(node, "E004", f"'{path[:60]}' is not allowed: names may not start with '_'",
                            "use fact names as in docs/profile-format.md; rules cannot reach Python's internals")
        fact = self.env.get(path)
        if fact is None:
            close = difflib.get_close_matches(path, list(self.env), n=1, cutoff=0.75)
            hint = f"did you mean '{close[0]}'?" if close else "see the facts listed in docs/profile-format.md"
            if not close and path.startswith("derived."):
                hint = "a derived value can use only the derived values listed before it"
            elif not close and path.startswith("params."):
                hint = "define the parameter under 'params:'"
            raise self.fail(node, "E002", f"unknown fact '{path[:80]}'", hint)
        self.paths.add(path)
        keys = tuple(path.split("."))
        if len(keys) == 1:
            key = keys[0]
            return fact.type, lambda ctx: _none_unknown(ctx.get(key, UNKNOWN))
        return fact.type, lambda ctx: lookup(ctx, keys)

    # -- operators ----------------------------------------------------------
    def _BoolOp(self, node: ast.BoolOp) -> tuple[str, Fn]:
        fns = []
        for value in node.values:
            t, f = self.compile(value)
            if t != BOOL:
                raise self.fail(value, "E003", f"'and'/'or' need true/false values on both sides, not {_describe(t)}",
                                "compare it first, e.g. 'staff.teaching > 0 and digital.avn'")
            fns.append(f)
        return BOOL, (_kleene_and(fns) if isinstance(node.op, ast.And) else _kleene_or(fns))

    def _UnaryOp(self, node: ast.UnaryOp) -> tuple[str, Fn]:
        t, f = self.compile(node.operand)
        if isinstance(node.op, ast.Not):
            if t != BOOL:
                raise self.fail(node, "E003", f"'not' needs a true/false value, not {_describe(t)}")
            return BOOL, lambda ctx: (lambda v: UNKNOWN if v is UNKNOWN else not v)(f(ctx))
        if isinstance(node.op, (ast.USub, ast.UAdd)):
            if elem(t) != NUMBER:
                raise self.fail(node, "E003", f"a sign needs a number, not {_describe(t)}")
            sign = -1 if isinstance(node.op, ast.USub) else 1
            return t, _lift2(lambda a, b: a * b, f, lambda ctx: sign, t, NUMBER)
        raise self.fail(node, "E004", f"operator {_OPNAMES.get(type(node.op), '?')} is not allowed in rules")

    def _BinOp(self, node: ast.BinOp) -> tuple[str, Fn]:
        op = _ARITH.get(type(node.op))
        if op is None:
            name = _OPNAMES.get(type(node.op), type(node.op).__name__)
            raise self.fail(node, "E004", f"operator {name} is not allowed in rules", "use + - * / and the functions " + ", ".join(FUNCTIONS))
        lt, lf = self.compile(node.left)
        rt, rf = self.compile(node.right)
        if elem(lt) != NUMBER or elem(rt) != NUMBER:
            raise self.fail(node, "E003", f"arithmetic needs numbers, not {_describe(lt)} and {_describe(rt)}")
        result = listof(NUMBER) if is_list(lt) or is_list(rt) else NUMBER
        return result, _lift2(op, lf, rf, lt, rt)

    def _Compare(self, node: ast.Compare) -> tuple[str, Fn]:
        parts: list[tuple[str, Fn]] = []
        left = node.left
        lt, lf = self.compile(left)
        for op, right in zip(node.ops, node.comparators):
            rt, rf = self.compile(right)
            parts.append(self._compare_one(node, op, left, right, lt, lf, rt, rf))
            left, lt, lf = right, rt, rf
        if len(parts) == 1:
            return parts[0]
        if any(is_list(t) for t, _ in parts):
            raise self.fail(node, "E003", "chained comparisons cannot be used on lists")
        return BOOL, _kleene_and([f for _, f in parts])

    def _compare_one(self, node: ast.AST, op: ast.cmpop, left: ast.AST, right: ast.AST,
                     lt: str, lf: Fn, rt: str, rf: Fn) -> tuple[str, Fn]:
        if isinstance(op, (ast.In, ast.NotIn)):
            return self._membership(node, op, left, right, lt, lf, rt, rf)
        if type(op) in _ORDER:
            if elem(lt) != NUMBER or elem(rt) != NUMBER:
                raise self.fail(node, "E003", f"'<', '>', '<=', '>=' compare numbers, not {_describe(lt)} and {_describe(rt)}",
                                "compare a number fact with a number; compare texts with == or !=")
            fn = _ORDER[type(op)]
        elif type(op) in _EQUAL:
            if elem(lt) != elem(rt) or OBJECT in (elem(lt), elem(rt)):
                raise self.fail(node, "E003", f"cannot compare {_describe(lt)} with {_describe(rt)}",
                                "compare like with like: numbers with numbers, texts with texts, true/false with true or false")
            self._check_enum(left, right)
            self._check_enum(right, left)
            fn = _EQUAL[type(op)]
        else:
            raise self.fail(node, "E004", f"operator {_OPNAMES.get(type(op), '?')} is not allowed in rules", "use == or !=")
        result = listof(BOOL) if is_list(lt) or is_list(rt) else BOOL
        return result, _lift2(fn, lf, rf, lt, rt)

    def _membership(self, node: ast.AST, op: ast.cmpop, left: ast.AST, right: ast.AST,
                    lt: str, lf: Fn, rt: str, rf: Fn) -> tuple[str, Fn]:
        if is_list(lt) or not is_list(rt) or elem(rt) != lt or lt == OBJECT:
            raise self.fail(node, "E003", f"'in' needs a value on the left and a list of the same kind on the right, not {_describe(lt)} in {_describe(rt)}")
        if isinstance(right, (ast.List, ast.Tuple)):
            for item in right.elts:
                self._check_enum(left, item)
        negate = isinstance(op, ast.NotIn)

        def run(ctx: dict[str, Any]) -> Any:
            a, b = lf(ctx), rf(ctx)
            if a is UNKNOWN or b is UNKNOWN:
                return UNKNOWN
            if a in b:
                return not negate
            if any(x is UNKNOWN for x in b):
                return UNKNOWN
            return negate
        return BOOL, run

    def _check_enum(self, fact_node: ast.AST, value_node: ast.AST) -> None:
        """A text compared with a fact that has fixed values must be one of them."""
        if not isinstance(value_node, ast.Constant) or not isinstance(value_node.value, str):
            return
        path = _dotted(fact_node)
        fact = self.env.get(path) if path else None
        if fact and fact.enum and value_node.value not in fact.enum:
            close = difflib.get_close_matches(value_node.value, fact.enum, n=1)
            hint = f"did you mean '{close[0]}'?" if close else "allowed: " + ", ".join(fact.enum)
            raise self.fail(value_node, "E003", f"'{value_node.value}' is never a value of {path} (allowed: {', '.join(fact.enum)})", hint)

    def _List(self, node: ast.List | ast.Tuple) -> tuple[str, Fn]:
        if not node.elts:
            raise self.fail(node, "E003", "an empty list is not allowed here")
        types, fns = set(), []
        for item in node.elts:
            if not isinstance(item, ast.Constant):
                raise self.fail(item, "E004", "a list in a rule may only hold constants")
            t, f = self.compile(item)
            types.add(t)
            fns.append(f)
        if len(types) != 1:
            raise self.fail(node, "E003", "a list must hold values of one kind")
        values = [f({}) for f in fns]
        return listof(types.pop()), lambda ctx: values

    _Tuple = _List

    def _Call(self, node: ast.Call) -> tuple[str, Fn]:
        if not isinstance(node.func, ast.Name):
            raise self.fail(node, "E004", "only the rule functions can be called: " + ", ".join(FUNCTIONS))
        name = node.func.id
        if node.keywords:
            raise self.fail(node, "E004", f"{name}() takes no named arguments")
        if name == "known":
            return self._known(node)
        if name in ("min", "max") and len(node.args) == 2:
            return self._minmax2(node, name)
        if name in _LIST_FUNCS:
            return self._list_call(node, name)
        if name in _NUMBER_FUNCS:
            return self._number_call(node, name)
        close = difflib.get_close_matches(name, FUNCTIONS, n=1)
        hint = f"did you mean '{close[0]}'?" if close else "allowed functions: " + ", ".join(FUNCTIONS)
        raise self.fail(node, "E005", f"unknown function '{name}'", hint)

    def _one_arg(self, node: ast.Call, name: str) -> tuple[str, Fn]:
        if len(node.args) != 1:
            raise self.fail(node, "E003", f"{name}() takes exactly one argument")
        return self.compile(node.args[0])

    def _list_call(self, node: ast.Call, name: str) -> tuple[str, Fn]:
        (accepts,), result, impl = _LIST_FUNCS[name]
        t, f = self._one_arg(node, name)
        if not is_list(t) or (accepts != "list:*" and t != accepts):
            raise self.fail(node, "E003", f"{name}() needs {_describe(accepts) if accepts != 'list:*' else 'a list'}, not {_describe(t)}")
        return result, lambda ctx: impl(f(ctx))

    def _number_call(self, node: ast.Call, name: str) -> tuple[str, Fn]:
        impl = _NUMBER_FUNCS[name]
        t, f = self._one_arg(node, name)
        if elem(t) != NUMBER:
            raise self.fail(node, "E003", f"{name}() needs a number, not {_describe(t)}")
        if is_list(t):  # element-wise over a list, e.g. floor(rooms.area_m2 / 2.25)
            return t, lambda ctx: (lambda v: UNKNOWN if v is UNKNOWN else [impl(x) for x in v])(f(ctx))
        return NUMBER, lambda ctx: impl(f(ctx))

    def _minmax2(self, node: ast.Call, name: str) -> tuple[str, Fn]:
        (at, af), (bt, bf) = self.compile(node.args[0]), self.compile(node.args[1])
        if at != NUMBER or bt != NUMBER:
            raise self.fail(node, "E003", f"{name}(a, b) needs two numbers")
        pick = min if name == "min" else max
        return NUMBER, _lift2(pick, af, bf, NUMBER, NUMBER)

    def _known(self, node: ast.Call) -> tuple[str, Fn]:
        if len(node.args) != 1 or not isinstance(node.args[0], (ast.Name, ast.Attribute)):
            raise self.fail(node, "E003", "known() takes one fact name")
        _, f = self.compile(node.args[0])
        return BOOL, lambda ctx: not _has_unknown(f(ctx))


def _none_unknown(v: Any) -> Any:
    return UNKNOWN if v is None else v


def _dotted(node: ast.AST) -> str | None:
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts))
    return None


def env_from_schema(schema: dict[str, Any], prefix: str = "", in_list: bool = False) -> TypeEnv:
    """Fact types from a JSON Schema's ``properties`` (objects nest, arrays of objects map)."""
    env: TypeEnv = {}
    for name, sub in schema.get("properties", {}).items():
        path = f"{prefix}{name}"
        env.update(_env_entry(path, sub, in_list))
    return env


def _json_type(sub: dict[str, Any]) -> Any:
    """The JSON type of a schema node; a nullable ``[T, "null"]`` counts as T (null = unknown)."""
    kind = sub.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), None)
    return kind


def _env_entry(path: str, sub: dict[str, Any], in_list: bool) -> TypeEnv:
    kind = _json_type(sub)
    wrap = listof if in_list else (lambda t: t)
    if kind == "object":
        env = {path: FactType(wrap(OBJECT))}
        env.update(env_from_schema(sub, path + ".", in_list))
        return env
    if kind == "array":
        items = sub.get("items", {})
        if _json_type(items) == "object":
            env = {path: FactType(listof(OBJECT))}
            env.update(env_from_schema(items, path + ".", True))
            return env
        if in_list:
            return {}  # lists inside lists are not addressable
        return {path: FactType(listof(_scalar_type(items)), tuple(e for e in items.get("enum", ()) if e is not None))}
    return {path: FactType(wrap(_scalar_type(sub)), tuple(e for e in sub.get("enum", ()) if e is not None))}


def _scalar_type(sub: dict[str, Any]) -> str:
    kind = _json_type(sub)
    if kind in ("integer", "number"):
        return NUMBER
    if kind == "boolean":
        return BOOL
    return STRING


class _CodeGen:
    """Turn a checked rule into one Python function, for speed.

    The source is generated from the checked syntax tree only: fact names become
    dictionary look-ups with literal keys, constants are written with repr(), and every
    operator is wrapped in an UNKNOWN check. Nothing of the rule's text is executed as
    it was written; nodes over lists call the closures the checker already built.
    """

    def __init__(self, compiler: _Compiler):
        self.compiler = compiler
        self.closures: list[Fn] = []
        self.count = 0

    def function(self, node: ast.AST, fallback: Fn) -> Fn:
        source = f"def _rule(ctx):\n    return {self.src(node)}\n"
        namespace = _namespace(self.closures)
        try:
            exec(compile(source, "<rule>", "exec"), namespace)  # generated code, see the class docstring
        except (SyntaxError, RecursionError, MemoryError, ValueError):
            return fallback  # too deep for Python's compiler: the closures are as correct, only slower
        return namespace["_rule"]  # type: ignore[no-any-return]

    def var(self) -> str:
        self.count += 1
        return f"_v{self.count}"

    def closure(self, node: ast.AST) -> str:
        self.closures.append(self.compiler.compiled[id(node)][1])
        return f"_c[{len(self.closures) - 1}](ctx)"

    def src(self, node: ast.AST) -> str:
        typ = self.compiler.compiled[id(node)][0]
        if is_list(typ):
            return self.closure(node)
        method = getattr(self, "_" + type(node).__name__, None)
        out = method(node) if method else None
        return out if out is not None else self.closure(node)

    def _Constant(self, node: ast.Constant) -> str:
        return repr(node.value)

    def _Name(self, node: ast.Name) -> str | None:
        if node.id in ("true", "false"):
            return "True" if node.id == "true" else "False"
        return self._path(node.id)

    def _Attribute(self, node: ast.Attribute) -> str | None:
        path = _dotted(node)
        return self._path(path) if path else None

    def _path(self, path: str) -> str | None:
        keys = path.split(".")
        env = self.compiler.env
        if any(is_list(env[".".join(keys[:i])].type) for i in range(1, len(keys)) if ".".join(keys[:i]) in env):
            return None  # through a list: the closure maps over the items
        return f"ctx.get({path!r}, _U)"  # prepare() put every path outside lists at the top

    def _guard(self, parts: list[str], body: str, names: list[str]) -> str:
        checks = " or ".join(f"({n} := {p}) is _U" for n, p in zip(names, parts))
        return f"(_U if {checks} else {body})"

    def _BoolOp(self, node: ast.BoolOp) -> str:
        decisive = "False" if isinstance(node.op, ast.And) else "True"
        other = "True" if decisive == "False" else "False"
        names = [self.var() for _ in node.values]
        parts = [self.src(v) for v in node.values]
        tail = f"(_U if {' or '.join(f'{n} is _U' for n in names)} else {other})"
        for name, part in reversed(list(zip(names, parts))):
            tail = f"({decisive} if ({name} := {part}) is {decisive} else {tail})"
        return tail

    def _UnaryOp(self, node: ast.UnaryOp) -> str | None:
        a = self.var()
        inner = self.src(node.operand)
        if isinstance(node.op, ast.Not):
            return self._guard([inner], f"not {a}", [a])
        return self._guard([inner], f"-{a}" if isinstance(node.op, ast.USub) else a, [a])

    def _BinOp(self, node: ast.BinOp) -> str | None:
        a, b = self.var(), self.var()
        ops = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*"}
        parts = [self.src(node.left), self.src(node.right)]
        if isinstance(node.op, ast.Div):
            return self._guard(parts, f"_div({a}, {b})", [a, b])
        return self._guard(parts, f"{a} {ops[type(node.op)]} {b}", [a, b])

    def _Compare(self, node: ast.Compare) -> str | None:
        if len(node.ops) != 1:
            return None
        op, right = node.ops[0], node.comparators[0]
        symbols = {ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=", ast.Eq: "==", ast.NotEq: "!="}
        a, b = self.var(), self.var()
        if type(op) in symbols:
            return self._guard([self.src(node.left), self.src(right)], f"{a} {symbols[type(op)]} {b}", [a, b])
        if isinstance(right, (ast.List, ast.Tuple)):
            values = repr(tuple(e.value for e in right.elts if isinstance(e, ast.Constant)))
            word = "not in" if isinstance(op, ast.NotIn) else "in"
            return self._guard([self.src(node.left)], f"{a} {word} {values}", [a])
        return None

    def _Call(self, node: ast.Call) -> str | None:
        name = node.func.id if isinstance(node.func, ast.Name) else ""
        if name == "known" and self._path(_dotted(node.args[0]) or "") is not None:
            return f"({self.src(node.args[0])} is not _U)"
        if name in _NUMBER_FUNCS:
            a = self.var()
            return self._guard([self.src(node.args[0])], f"_{name}({a})", [a])
        if name in ("min", "max") and len(node.args) == 2:
            a, b = self.var(), self.var()
            return self._guard([self.src(node.args[0]), self.src(node.args[1])], f"_{name}({a}, {b})", [a, b])
        return None
