"""The checker: a parsed rule, node by node, against a whitelist and the fact types; it builds
the closures that evaluate it (the reference the generated code is tested against)."""
from __future__ import annotations

import ast
import difflib
import math
from typing import Any

from ..findings import Msg
from .bounds import bound_max, bound_min
from .functions import (FUNCTIONS, LIST_FUNCS, NUMBER_FUNCS, choose, count_true, default, each, kleene_and, kleene_or, lift2,
                        member, rounds)
from .facttypes import BOOL, NUMBER, OBJECT, STRING, Fn, TypeEnv, describe, elem, is_list, listof
from .values import UNKNOWN, has_unknown, lookup, none_unknown

MAX_CONSTANT = 1e12


class RuleError(Exception):
    """A rule that cannot be accepted; ``offset`` is the 0-based character in the rule.

    ``text`` and ``hint_text`` are the message and hint as keys of the catalogue of findings
    (any language); ``message`` and ``hint`` are their English.
    """

    def __init__(self, code: str, text: Msg, offset: int = 0, hint: Msg | None = None):
        super().__init__(text.render())
        self.code, self.text, self.offset = code, text, offset
        self.message = text.render()
        self.hint_text: Msg | None = None
        self.hint = ""
        if hint is not None:
            self.set_hint(hint)

    def set_hint(self, hint: Msg) -> None:
        self.hint_text, self.hint = hint, hint.render()


_ARITH = {ast.Add: (lambda a, b: a + b), ast.Sub: (lambda a, b: a - b),
          ast.Mult: (lambda a, b: a * b), ast.Div: (lambda a, b: a / b)}
_ORDER = {ast.Lt: (lambda a, b: a < b), ast.LtE: (lambda a, b: a <= b),
          ast.Gt: (lambda a, b: a > b), ast.GtE: (lambda a, b: a >= b)}
_EQUAL = {ast.Eq: (lambda a, b: a == b), ast.NotEq: (lambda a, b: a != b)}
_OPNAMES = {ast.Pow: "**", ast.Mod: "%", ast.FloorDiv: "//", ast.BitAnd: "&", ast.BitOr: "|",
            ast.BitXor: "^", ast.LShift: "<<", ast.RShift: ">>", ast.MatMult: "@",
            ast.Is: "is", ast.IsNot: "is not", ast.Invert: "~"}
_COMPREHENSIONS = Msg("construct.comprehensions")
_CONSTRUCTS: dict[type, str | Msg] = {
    ast.Lambda: "lambda", ast.ListComp: _COMPREHENSIONS, ast.SetComp: _COMPREHENSIONS,
    ast.DictComp: _COMPREHENSIONS, ast.GeneratorExp: _COMPREHENSIONS,
    ast.JoinedStr: Msg("construct.f_strings"), ast.Subscript: Msg("construct.indexing"), ast.IfExp: "'x if c else y'",
    ast.NamedExpr: "':='", ast.Starred: "'*'", ast.Dict: "{...}", ast.Set: "{...}",
    ast.Await: "await", ast.Yield: "yield", ast.YieldFrom: "yield", ast.Slice: Msg("construct.slices")}


class Checker:
    def __init__(self, env: TypeEnv):
        self.env = env
        self.paths: set[str] = set()
        self.compiled: dict[int, tuple[str, Fn]] = {}

    def fail(self, node: ast.AST, code: str, message: Msg, hint: Msg | None = None) -> RuleError:
        return RuleError(code, message, getattr(node, "col_offset", 0), hint)

    def compile(self, node: ast.AST) -> tuple[str, Fn]:
        method = getattr(self, "_" + type(node).__name__, None)
        if method is None:
            what = _CONSTRUCTS.get(type(node), type(node).__name__)
            raise self.fail(node, "E004", Msg("E004.not_allowed", what=what))
        result: tuple[str, Fn] = method(node)
        self.compiled[id(node)] = result
        return result

    # -- leaves -------------------------------------------------------------
    def _Constant(self, node: ast.Constant) -> tuple[str, Fn]:
        v = node.value
        if isinstance(v, bool):
            return BOOL, lambda ctx: v
        if isinstance(v, (int, float)):
            if (isinstance(v, float) and not math.isfinite(v)) or abs(v) > MAX_CONSTANT:  # no float() of a huge int
                shown = repr(v) if len(str(v)) <= 40 else f"{str(v)[:12]}… ({len(str(v))} digits)"
                raise self.fail(node, "E004", Msg("E004.big_number", value=shown, limit=f"{MAX_CONSTANT:.0e}"),
                                Msg("hint.smaller_number"))
            return NUMBER, lambda ctx: v
        if isinstance(v, str):
            if len(v) > 200:
                raise self.fail(node, "E004", Msg("E004.long_text", limit=200))
            return STRING, lambda ctx: v
        raise self.fail(node, "E004", Msg("E004.constant", value=repr(v)))

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
            raise self.fail(node, "E004", Msg("E004.attribute"), Msg("hint.dotted_fact"))
        parts.append(cur.id)
        return self._path(node, ".".join(reversed(parts)))

    def _path(self, node: ast.AST, path: str) -> tuple[str, Fn]:
        if "__" in path or path.startswith("_") or "._" in path:
            raise self.fail(node, "E004", Msg("E004.underscore", name=path[:60]), Msg("hint.fact_names"))
        fact = self.env.get(path)
        if fact is None:
            close = difflib.get_close_matches(path, list(self.env), n=1, cutoff=0.75)
            hint = Msg("hint.did_you_mean", name=close[0]) if close else Msg("hint.see_facts")
            if not close and path.startswith("derived."):
                hint = Msg("hint.derived_order")
            elif not close and path.startswith("params."):
                hint = Msg("hint.define_parameter")
            raise self.fail(node, "E002", Msg("E002.unknown_fact", name=path[:80]), hint)
        self.paths.add(path)
        keys = tuple(path.split("."))
        if len(keys) == 1:
            key = keys[0]
            return fact.type, lambda ctx: none_unknown(ctx.get(key, UNKNOWN))
        return fact.type, lambda ctx: lookup(ctx, keys)

    # -- operators ----------------------------------------------------------
    def _BoolOp(self, node: ast.BoolOp) -> tuple[str, Fn]:
        fns = []
        for value in node.values:
            t, f = self.compile(value)
            if t != BOOL:
                raise self.fail(value, "E003", Msg("E003.and_or", type=describe(t)), Msg("hint.compare_first"))
            fns.append(f)
        return BOOL, (kleene_and(fns) if isinstance(node.op, ast.And) else kleene_or(fns))

    def _UnaryOp(self, node: ast.UnaryOp) -> tuple[str, Fn]:
        t, f = self.compile(node.operand)
        if isinstance(node.op, ast.Not):
            if t != BOOL:
                raise self.fail(node, "E003", Msg("E003.not_needs_bool", type=describe(t)))
            return BOOL, lambda ctx: (lambda v: UNKNOWN if v is UNKNOWN else not v)(f(ctx))
        if isinstance(node.op, (ast.USub, ast.UAdd)):
            if elem(t) != NUMBER:
                raise self.fail(node, "E003", Msg("E003.sign_needs_number", type=describe(t)))
            sign = -1 if isinstance(node.op, ast.USub) else 1
            return t, lift2(lambda a, b: a * b, f, lambda ctx: sign, t, NUMBER)
        raise self.fail(node, "E004", Msg("E004.operator", operator=_OPNAMES.get(type(node.op), "?")))

    def _BinOp(self, node: ast.BinOp) -> tuple[str, Fn]:
        op = _ARITH.get(type(node.op))
        if op is None:
            name = _OPNAMES.get(type(node.op), type(node.op).__name__)
            raise self.fail(node, "E004", Msg("E004.operator", operator=name), Msg("hint.arithmetic", functions=", ".join(FUNCTIONS)))
        lt, lf = self.compile(node.left)
        rt, rf = self.compile(node.right)
        if elem(lt) != NUMBER or elem(rt) != NUMBER:
            raise self.fail(node, "E003", Msg("E003.arithmetic", left=describe(lt), right=describe(rt)))
        result = listof(NUMBER) if is_list(lt) or is_list(rt) else NUMBER
        return result, lift2(op, lf, rf, lt, rt)

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
            raise self.fail(node, "E003", Msg("E003.chained_lists"))
        return BOOL, kleene_and([f for _, f in parts])

    def _compare_one(self, node: ast.AST, op: ast.cmpop, left: ast.AST, right: ast.AST,
                     lt: str, lf: Fn, rt: str, rf: Fn) -> tuple[str, Fn]:
        if isinstance(op, (ast.In, ast.NotIn)):
            return self._membership(node, op, left, right, lt, lf, rt, rf)
        if type(op) in _ORDER:
            if elem(lt) != NUMBER or elem(rt) != NUMBER:
                raise self.fail(node, "E003", Msg("E003.order", left=describe(lt), right=describe(rt)), Msg("hint.order_numbers"))
            fn = _ORDER[type(op)]
        elif type(op) in _EQUAL:
            if elem(lt) != elem(rt) or OBJECT in (elem(lt), elem(rt)):
                raise self.fail(node, "E003", Msg("E003.compare", left=describe(lt), right=describe(rt)), Msg("hint.like_with_like"))
            self._check_enum(left, right)
            self._check_enum(right, left)
            fn = _EQUAL[type(op)]
        else:
            raise self.fail(node, "E004", Msg("E004.operator", operator=_OPNAMES.get(type(op), "?")), Msg("hint.use_equals"))
        result = listof(BOOL) if is_list(lt) or is_list(rt) else BOOL
        return result, lift2(fn, lf, rf, lt, rt)

    def _membership(self, node: ast.AST, op: ast.cmpop, left: ast.AST, right: ast.AST,
                    lt: str, lf: Fn, rt: str, rf: Fn) -> tuple[str, Fn]:
        if is_list(lt) and isinstance(right, (ast.List, ast.Tuple)) and elem(lt) == elem(rt) != OBJECT:
            return self._membership_each(node, op, left, right, lt, lf, rf)
        if is_list(lt) or not is_list(rt) or elem(rt) != lt or lt == OBJECT:
            raise self.fail(node, "E003", Msg("E003.membership", left=describe(lt), right=describe(rt)))
        if isinstance(right, (ast.List, ast.Tuple)):
            for item in right.elts:
                self._check_enum(left, item)
        negate = isinstance(op, ast.NotIn)
        return BOOL, lambda ctx: member(lf(ctx), rf(ctx), negate)

    def _membership_each(self, node: ast.AST, op: ast.cmpop, left: ast.AST, right: ast.AST, lt: str,
                         lf: Fn, rf: Fn) -> tuple[str, Fn]:
        """``rooms.kind in ["lab", "workshop"]``: one true/false per item of the list."""
        for item in right.elts:  # type: ignore[attr-defined]
            self._check_enum(left, item)
        negate = isinstance(op, ast.NotIn)

        def run(ctx: dict[str, Any]) -> Any:
            values = lf(ctx)
            if not isinstance(values, list):
                return member(values, rf(ctx), negate)
            return [member(v, rf(ctx), negate) for v in values]
        return listof(BOOL), run

    def _check_enum(self, fact_node: ast.AST, value_node: ast.AST) -> None:
        """A text compared with a fact that has fixed values must be one of them."""
        if not isinstance(value_node, ast.Constant) or not isinstance(value_node.value, str):
            return
        path = dotted(fact_node)
        fact = self.env.get(path) if path else None
        if fact and fact.enum and value_node.value not in fact.enum:
            close = difflib.get_close_matches(value_node.value, fact.enum, n=1)
            hint = Msg("hint.did_you_mean", name=close[0]) if close else Msg("hint.allowed", values=", ".join(fact.enum))
            raise self.fail(value_node, "E003", Msg("E003.never_value", value=value_node.value, fact=path, allowed=", ".join(fact.enum)), hint)

    def _List(self, node: ast.List | ast.Tuple) -> tuple[str, Fn]:
        if not node.elts:
            raise self.fail(node, "E003", Msg("E003.empty_list"))
        types, fns = set(), []
        for item in node.elts:
            if not isinstance(item, ast.Constant):
                raise self.fail(item, "E004", Msg("E004.list_constants"))
            t, f = self.compile(item)
            types.add(t)
            fns.append(f)
        if len(types) != 1:
            raise self.fail(node, "E003", Msg("E003.mixed_list"))
        values = [f({}) for f in fns]
        return listof(types.pop()), lambda ctx: values

    _Tuple = _List

    def _Call(self, node: ast.Call) -> tuple[str, Fn]:
        if not isinstance(node.func, ast.Name):
            raise self.fail(node, "E004", Msg("E004.call", functions=", ".join(FUNCTIONS)))
        name = node.func.id
        if node.keywords:
            raise self.fail(node, "E004", Msg("E004.named_arguments", name=name))
        if name == "known":
            return self._known(node)
        if name in ("min", "max") and len(node.args) == 2:
            return self._minmax2(node, name)
        if name in LIST_FUNCS:
            return self._list_call(node, name)
        if name == "default":
            return self._default(node)
        if name == "choose":
            return self._choose(node)
        if name == "rounds":
            return self._rounds(node)
        if name in NUMBER_FUNCS:
            return self._number_call(node, name)
        close = difflib.get_close_matches(name, FUNCTIONS, n=1)
        hint = Msg("hint.did_you_mean", name=close[0]) if close else Msg("hint.allowed_functions", functions=", ".join(FUNCTIONS))
        raise self.fail(node, "E005", Msg("E005.unknown_function", name=name), hint)

    def _one_arg(self, node: ast.Call, name: str) -> tuple[str, Fn]:
        if len(node.args) != 1:
            raise self.fail(node, "E003", Msg("E003.one_argument", name=name))
        return self.compile(node.args[0])

    def _list_call(self, node: ast.Call, name: str) -> tuple[str, Fn]:
        (accepts,), result, impl = LIST_FUNCS[name]
        t, f = self._one_arg(node, name)
        if not is_list(t) or (accepts != "list:*" and t != accepts):
            expected = describe(accepts) if accepts != "list:*" else Msg("rtype.list")
            raise self.fail(node, "E003", Msg("E003.function_needs", name=name, expected=expected, type=describe(t)))
        if name == "count" and t == listof(BOOL):
            impl = count_true  # how many are true; count() of other lists counts the items
        return result, lambda ctx: impl(f(ctx))

    def _number_call(self, node: ast.Call, name: str) -> tuple[str, Fn]:
        impl = NUMBER_FUNCS[name]
        t, f = self._one_arg(node, name)
        if elem(t) != NUMBER:
            raise self.fail(node, "E003", Msg("E003.function_needs", name=name, expected=Msg("rtype.number"), type=describe(t)))
        if is_list(t):  # element-wise over a list, e.g. floor(rooms.area_m2 / 2.25)
            return t, lambda ctx: (lambda v: [impl(x) for x in v] if isinstance(v, list) else impl(v))(f(ctx))
        return NUMBER, lambda ctx: impl(f(ctx))

    def _minmax2(self, node: ast.Call, name: str) -> tuple[str, Fn]:
        """min(a, b) and max(a, b): of two numbers, or item by item where one is a list."""
        (at, af), (bt, bf) = self.compile(node.args[0]), self.compile(node.args[1])
        if elem(at) != NUMBER or elem(bt) != NUMBER:
            raise self.fail(node, "E003", Msg("E003.min_max", name=name))
        pick = bound_min if name == "min" else bound_max
        result = listof(NUMBER) if is_list(at) or is_list(bt) else NUMBER
        return result, lift2(pick, af, bf, at, bt)

    def _args(self, node: ast.Call, name: str, count: int) -> list[tuple[str, Fn]]:
        if len(node.args) != count:
            raise self.fail(node, "E003", Msg("E003.argument_count", name=name, n=count))
        return [self.compile(a) for a in node.args]

    def _default(self, node: ast.Call) -> tuple[str, Fn]:
        """default(a, b): a where it is known, else b; item by item where one is a list."""
        (at, af), (bt, bf) = self._args(node, "default", 2)
        if elem(at) != elem(bt) or OBJECT in (elem(at), elem(bt)):
            raise self.fail(node, "E003", Msg("E003.same_kind", name="default", left=describe(at), right=describe(bt)))
        result = listof(elem(at)) if is_list(at) or is_list(bt) else at
        return result, each(default, [(af, at), (bf, bt)])

    def _choose(self, node: ast.Call) -> tuple[str, Fn]:
        """choose(condition, a, b): a where the condition is true, b where it is false."""
        (ct, cf), (at, af), (bt, bf) = self._args(node, "choose", 3)
        if elem(ct) != BOOL:
            raise self.fail(node, "E003", Msg("E003.choose_condition", type=describe(ct)))
        if elem(at) != elem(bt) or OBJECT in (elem(at), elem(bt)):
            raise self.fail(node, "E003", Msg("E003.same_kind", name="choose", left=describe(at), right=describe(bt)))
        result = listof(elem(at)) if any(is_list(t) for t in (ct, at, bt)) else at
        return result, each(choose, [(cf, ct), (af, at), (bf, bt)])

    def _rounds(self, node: ast.Call) -> tuple[str, Fn]:
        """rounds(sizes, counts, capacities, capacity counts): see functions.rounds."""
        args = self._args(node, "rounds", 4)
        if any(elem(t) != NUMBER for t, _ in args):
            raise self.fail(node, "E003", Msg("E003.rounds_numbers"))
        fns = [f for _, f in args]
        return NUMBER, lambda ctx: rounds(*(f(ctx) for f in fns))

    def _known(self, node: ast.Call) -> tuple[str, Fn]:
        if len(node.args) != 1 or not isinstance(node.args[0], (ast.Name, ast.Attribute)):
            raise self.fail(node, "E003", Msg("E003.known_argument"))
        _, f = self.compile(node.args[0])
        return BOOL, lambda ctx: not has_unknown(f(ctx))


def dotted(node: ast.AST) -> str | None:
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts))
    return None


