"""The rule functions and operators over three-valued values, scalar or element-wise over lists."""
from __future__ import annotations

import math
from typing import Any, Callable

from .facttypes import BOOL, NUMBER, Fn, is_list
from .values import UNKNOWN


def kleene_and(fns: list[Fn]) -> Fn:
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


def kleene_or(fns: list[Fn]) -> Fn:
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


def lift2(op: Callable[[Any, Any], Any], left: Fn, right: Fn, lt: str, rt: str) -> Fn:
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


def reduce_list(fn: Callable[[list[Any]], Any], empty: Any) -> Callable[[Any], Any]:
    def run(values: Any) -> Any:
        if values is UNKNOWN or any(v is UNKNOWN for v in values):
            return UNKNOWN
        return fn(values) if values else empty
    return run


def count_list(values: Any) -> Any:
    if values is UNKNOWN:
        return UNKNOWN
    if values and all(isinstance(v, bool) or v is UNKNOWN for v in values):
        if any(v is UNKNOWN for v in values):
            return UNKNOWN
        return sum(1 for v in values if v)
    return len(values)


def safe(fn: Callable[..., Any]) -> Callable[..., Any]:
    """``fn`` with UNKNOWN for what has no answer: floor(inf), round(nan), a huge int / 3."""
    def run(*args: Any) -> Any:
        try:
            return fn(*args)
        except (OverflowError, ValueError, ZeroDivisionError):
            return UNKNOWN
    return run


def scalar1(fn: Callable[[float], Any]) -> Callable[[Any], Any]:
    guarded = safe(fn)

    def run(v: Any) -> Any:
        return UNKNOWN if v is UNKNOWN else guarded(v)
    return run


# name -> (argument types accepted, result type, implementation over evaluated args)
LIST_FUNCS: dict[str, tuple[tuple[str, ...], str, Callable[[Any], Any]]] = {
    "count": (("list:*",), NUMBER, count_list),
    "sum": (("list:number",), NUMBER, reduce_list(sum, 0)),
    "min": (("list:number",), NUMBER, reduce_list(min, UNKNOWN)),
    "max": (("list:number",), NUMBER, reduce_list(max, UNKNOWN)),
    "any": (("list:bool",), BOOL, reduce_list(any, False)),
    "all": (("list:bool",), BOOL, reduce_list(all, True)),
}
NUMBER_FUNCS: dict[str, Callable[[Any], Any]] = {
    "floor": scalar1(math.floor),
    "ceil": scalar1(math.ceil),
    "round": scalar1(round),
    "abs": scalar1(abs),
}
FUNCTIONS = sorted([*LIST_FUNCS, *NUMBER_FUNCS, "known"])



def namespace(closures: list[Fn]) -> dict[str, Any]:
    """All a generated rule function can reach: no builtins, only these names."""
    return {"__builtins__": {}, "_U": UNKNOWN, "_E": {}, "_c": closures,
            "_floor": safe(math.floor), "_ceil": safe(math.ceil), "_round": safe(round),
            "_abs": abs, "_min": min, "_max": max, "_div": safe(lambda a, b: a / b)}
