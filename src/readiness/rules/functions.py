"""The rule functions and operators over three-valued values, scalar or element-wise over lists."""
from __future__ import annotations

import math
from typing import Any, Callable

from .bounds import INF, Bounds, bound_max, bound_min, decimal_ceil, decimal_floor
from .facttypes import BOOL, NUMBER, Fn, is_list
from .values import UNKNOWN, has_unknown


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
    """Apply a binary operator, element-wise where a side is a list, UNKNOWN-aware.

    A side typed as a list may be one value when it runs (``default(items.size, n)`` without a
    list of groups is n): it is then used for every item of the other side.
    """

    def one(a: Any, b: Any) -> Any:
        if a is UNKNOWN or b is UNKNOWN:
            return UNKNOWN
        try:
            return op(a, b)
        except (ZeroDivisionError, OverflowError, TypeError):
            return UNKNOWN

    def spread(a: Any, b: Any) -> Any:
        if isinstance(a, list) and isinstance(b, list):
            return UNKNOWN if len(a) != len(b) else [one(x, y) for x, y in zip(a, b)]
        if isinstance(a, list):
            return [one(x, b) for x in a]
        if isinstance(b, list):
            return [one(a, y) for y in b]
        return one(a, b)

    if is_list(lt) and is_list(rt):
        def both(ctx: dict[str, Any]) -> Any:
            a, b = left(ctx), right(ctx)
            return UNKNOWN if a is UNKNOWN or b is UNKNOWN else spread(a, b)
        return both
    if is_list(lt):
        def lmap(ctx: dict[str, Any]) -> Any:
            a, b = left(ctx), right(ctx)
            return UNKNOWN if a is UNKNOWN else spread(a, b)
        return lmap
    if is_list(rt):
        def rmap(ctx: dict[str, Any]) -> Any:
            a, b = left(ctx), right(ctx)
            return UNKNOWN if b is UNKNOWN else spread(a, b)
        return rmap

    def scalar(ctx: dict[str, Any]) -> Any:
        return one(left(ctx), right(ctx))
    return scalar


def items(value: Any) -> Any:
    """A list-typed value as a list: one value (see lift2) is a list of one; UNKNOWN stays."""
    return value if isinstance(value, list) or value is UNKNOWN else [value]


def each(fn: Callable[..., Any], args: list[tuple[Fn, str]]) -> Fn:
    """``fn`` over its arguments item by item where some are lists (the others repeat for every
    item; a list that is unknown as a whole has every item unknown); lists of different lengths
    give UNKNOWN. Where every list is unknown as a whole, ``fn`` takes them as one unknown value:
    ``default(items.size, other.largest)`` without a list of items is the largest size."""
    def run(ctx: dict[str, Any]) -> Any:
        values = [(f(ctx), is_list(t)) for f, t in args]
        lengths = {len(v) for v, _ in values if isinstance(v, list)}
        if not lengths:
            return fn(*(v for v, _ in values))
        if len(lengths) != 1:
            return UNKNOWN
        n = lengths.pop()
        columns = [v if isinstance(v, list) else [v] * n for v, _ in values]  # an unknown list: every item unknown
        return [fn(*row) for row in zip(*columns)]
    return run


def reduce_list(fn: Callable[[list[Any]], Any], empty: Any) -> Callable[[Any], Any]:
    def run(values: Any) -> Any:
        if values is UNKNOWN or any(v is UNKNOWN for v in values):
            return UNKNOWN
        return fn(values) if values else empty
    return run


def kleene_any(values: Any) -> Any:
    """True when one item is true, whatever the unknown ones are (Kleene or)."""
    values = items(values)
    if values is UNKNOWN:
        return UNKNOWN
    if any(v is True for v in values):
        return True
    return UNKNOWN if any(v is UNKNOWN for v in values) else False


def kleene_all(values: Any) -> Any:
    """False when one item is false, whatever the unknown ones are (Kleene and)."""
    values = items(values)
    if values is UNKNOWN:
        return UNKNOWN
    if any(v is False for v in values):
        return False
    return UNKNOWN if any(v is UNKNOWN for v in values) else True


def count_true(values: Any) -> Any:
    """How many items are true: a partly known number when some are unknown."""
    values = items(values)
    if values is UNKNOWN:
        return UNKNOWN
    true = sum(1 for v in values if v is True)
    unknown = sum(1 for v in values if v is not True and v is not False)
    return Bounds(true, true + unknown) if unknown else true


def count_items(values: Any) -> Any:
    return UNKNOWN if values is UNKNOWN else len(items(values))


def sum_list(values: Any) -> Any:
    """The sum; items that are partly known add their bounds, an unknown item makes it unknown."""
    values = items(values)
    if values is UNKNOWN or any(v is UNKNOWN for v in values):
        return UNKNOWN
    total: Any = 0
    try:
        for v in values:
            total = total + v
    except (OverflowError, TypeError):  # past any float: no answer
        return UNKNOWN
    return total


def _extreme(pick: Callable[[Any, Any], Any]) -> Callable[[Any], Any]:
    """min or max of a list: with unknown items, bounded on the side the known items decide
    (min([3, ?]) is at most 3, max([3, ?]) at least 3)."""
    def run(values: Any) -> Any:
        values = items(values)
        if values is UNKNOWN:
            return UNKNOWN
        known = [v for v in values if v is not UNKNOWN]
        if not known:
            return UNKNOWN
        best = known[0]
        for v in known[1:]:
            best = pick(best, v)
        if len(known) < len(values):
            best = pick(best, Bounds(-INF, INF))  # an unknown item may be anything
        return best
    return run


def safe(fn: Callable[..., Any]) -> Callable[..., Any]:
    """``fn`` with UNKNOWN for what has no answer: floor(inf), round(nan), a huge int / 3."""
    def run(*args: Any) -> Any:
        try:
            return fn(*args)
        except (OverflowError, ValueError, ZeroDivisionError, TypeError):
            return UNKNOWN
    return run


def scalar1(fn: Callable[[float], Any]) -> Callable[[Any], Any]:
    guarded = safe(fn)

    def run(v: Any) -> Any:
        return UNKNOWN if v is UNKNOWN else guarded(v)
    return run


# name -> (argument types accepted, result type, implementation over evaluated args)
LIST_FUNCS: dict[str, tuple[tuple[str, ...], str, Callable[[Any], Any]]] = {
    "count": (("list:*",), NUMBER, count_items),  # of a list of true/false: count_true (the checker picks)
    "sum": (("list:number",), NUMBER, sum_list),
    "min": (("list:number",), NUMBER, _extreme(bound_min)),
    "max": (("list:number",), NUMBER, _extreme(bound_max)),
    "any": (("list:bool",), BOOL, kleene_any),
    "all": (("list:bool",), BOOL, kleene_all),
}
NUMBER_FUNCS: dict[str, Callable[[Any], Any]] = {
    "floor": scalar1(decimal_floor),
    "ceil": scalar1(decimal_ceil),
    "round": scalar1(round),
    "abs": scalar1(abs),
}
FUNCTIONS = sorted([*LIST_FUNCS, *NUMBER_FUNCS, "known", "default", "choose", "rounds"])


def default(a: Any, b: Any) -> Any:
    """``a`` where it is known, else ``b``."""
    return b if a is UNKNOWN or isinstance(a, Bounds) else a


def choose(condition: Any, a: Any, b: Any) -> Any:
    """``a`` where the condition is true, ``b`` where false; unknown unless both are the same."""
    if condition is True:
        return a
    if condition is False:
        return b
    return a if a is not UNKNOWN and not isinstance(a, Bounds) and type(a) is type(b) and a == b else UNKNOWN


def rounds(sizes: Any, counts: Any, capacities: Any, capacity_counts: Any) -> Any:
    """The least number of rounds in which every item fits a bin at least its size, each bin
    taking one item a round: items are groups (size, how many), bins rooms (seats, how many).

    Sorted from largest to smallest, r rounds fit when the k-th item is no larger than the
    k-th of the r copies of the bins, for every k; since a bin that takes an item also takes any
    smaller one, that is: for every size s, (items of size >= s) <= r x (bins holding >= s). So
    r = the largest ceil(items >= s / bins >= s) over the item sizes s; infinite when an item is
    larger than every bin. Each argument is a list (one entry per kind) or one number.
    """
    args = [_as_list(v) for v in (sizes, counts, capacities, capacity_counts)]
    if any(v is None for v in args):
        return UNKNOWN
    item_sizes, item_counts, bin_sizes, bin_counts = args  # type: ignore[misc]
    if len(item_sizes) != len(item_counts) or len(bin_sizes) != len(bin_counts):
        return UNKNOWN
    items = sorted(((s, c) for s, c in zip(item_sizes, item_counts) if c > 0), reverse=True)
    bins = sorted(((s, c) for s, c in zip(bin_sizes, bin_counts) if c > 0), reverse=True)
    if not items:
        return 0
    need, fit, j, worst = 0.0, 0.0, 0, 0.0
    for size, count in items:
        need += count
        while j < len(bins) and bins[j][0] >= size:
            fit += bins[j][1]
            j += 1
        if fit <= 0:
            return INF
        worst = max(worst, need / fit)
    return math.ceil(worst - 1e-9)


def member(value: Any, values: Any, negate: bool = False) -> Any:
    """``value in values`` in Kleene logic: unknown when an unknown item (or value) might match."""
    if value is UNKNOWN or values is UNKNOWN:
        return UNKNOWN
    found: Any = False
    for item in values:
        same = item == value if not isinstance(value, Bounds) else value == item
        if same is True:
            found = True
            break
        if same is not False or item is UNKNOWN:
            found = UNKNOWN
    if found is UNKNOWN:
        return UNKNOWN
    return found is not negate


def _as_list(value: Any) -> list[float] | None:
    values = value if isinstance(value, list) else [value]
    if any(not isinstance(v, (int, float)) or isinstance(v, bool) or math.isnan(v) for v in values):
        return None  # unknown or partly known: the packing cannot be decided
    return values



def namespace(closures: list[Fn]) -> dict[str, Any]:
    """All a generated rule function can reach: no builtins, only these names."""
    return {"__builtins__": {}, "_U": UNKNOWN, "_E": {}, "_D": dict, "_c": closures,
            "_floor": safe(decimal_floor), "_ceil": safe(decimal_ceil), "_round": safe(round),
            "_abs": safe(abs), "_min": bound_min, "_max": bound_max, "_div": safe(lambda a, b: a / b),
            "_in": member, "_K": has_unknown}
