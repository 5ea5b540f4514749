"""Partly known numbers: what an aggregate over a list with unknown items still decides.

``count(items.ok == false)`` with one item known not to be ok and another
unknown is at least 1 and at most 2: ``count(…) > 0`` is true whatever the unknown room is.
An aggregate returns :class:`Bounds` in that case (a closed interval, ends may be infinite), and
arithmetic and comparisons on it follow interval arithmetic: a comparison is true or false
when every number in the interval gives the same answer, else UNKNOWN (Kleene logic, at least
as strict as what the known items already decide). A Bounds is never a known value: it asks
the same questions as UNKNOWN, and reports show it as not known.
"""
from __future__ import annotations

import math
from typing import Any

from .values import UNKNOWN

INF = math.inf


class Bounds:
    __slots__ = ("lo", "hi")
    partly_known = True  # what values.has_unknown looks for (values.py cannot import this module)

    def __init__(self, lo: float, hi: float):
        self.lo, self.hi = lo, hi

    def __repr__(self) -> str:
        return f"Bounds({self.lo}, {self.hi})"

    def __bool__(self) -> bool:  # a partly known number must never be mistaken for a truth value
        raise TypeError("Bounds has no truth value")

    __hash__ = None  # type: ignore[assignment]

    # -- arithmetic (interval arithmetic; a number is the interval [x, x]) --------------------
    def __add__(self, other: Any) -> Any:
        o = _interval(other)
        return UNKNOWN if o is None else _make(self.lo + o.lo, self.hi + o.hi)

    __radd__ = __add__

    def __sub__(self, other: Any) -> Any:
        o = _interval(other)
        return UNKNOWN if o is None else _make(self.lo - o.hi, self.hi - o.lo)

    def __rsub__(self, other: Any) -> Any:
        o = _interval(other)
        return UNKNOWN if o is None else _make(o.lo - self.hi, o.hi - self.lo)

    def __mul__(self, other: Any) -> Any:
        o = _interval(other)
        if o is None:
            return UNKNOWN
        products = [_times(a, b) for a in (self.lo, self.hi) for b in (o.lo, o.hi)]
        return _make(min(products), max(products))

    __rmul__ = __mul__

    def __truediv__(self, other: Any) -> Any:
        o = _interval(other)
        if o is None or o.lo <= 0 <= o.hi:
            return UNKNOWN  # the divisor may be zero: nothing is known
        return self * Bounds(1 / o.hi, 1 / o.lo)

    def __rtruediv__(self, other: Any) -> Any:
        o = _interval(other)
        return UNKNOWN if o is None else Bounds(o.lo, o.hi) / self

    def __neg__(self) -> Any:
        return _make(-self.hi, -self.lo)

    def __pos__(self) -> Any:
        return self

    def __abs__(self) -> Any:
        if self.lo >= 0:
            return self
        if self.hi <= 0:
            return -self
        return _make(0, max(-self.lo, self.hi))

    def __floor__(self) -> Any:
        return _make(_end(decimal_floor, self.lo), _end(decimal_floor, self.hi))

    def __ceil__(self) -> Any:
        return _make(_end(decimal_ceil, self.lo), _end(decimal_ceil, self.hi))

    def __round__(self, ndigits: int | None = None) -> Any:
        return _make(_end(round, self.lo), _end(round, self.hi))

    # -- comparisons: true or false when the whole interval agrees, else UNKNOWN ---------------
    def __lt__(self, other: Any) -> Any:
        o = _interval(other)
        return UNKNOWN if o is None else _decide(self.hi < o.lo, self.lo >= o.hi)

    def __le__(self, other: Any) -> Any:
        o = _interval(other)
        return UNKNOWN if o is None else _decide(self.hi <= o.lo, self.lo > o.hi)

    def __gt__(self, other: Any) -> Any:
        o = _interval(other)
        return UNKNOWN if o is None else _decide(self.lo > o.hi, self.hi <= o.lo)

    def __ge__(self, other: Any) -> Any:
        o = _interval(other)
        return UNKNOWN if o is None else _decide(self.lo >= o.hi, self.hi < o.lo)

    def __eq__(self, other: object) -> Any:
        o = _interval(other)
        if o is None:
            return UNKNOWN
        return _decide(self.lo == self.hi == o.lo == o.hi, self.hi < o.lo or self.lo > o.hi)

    def __ne__(self, other: object) -> Any:
        same = self.__eq__(other)
        return UNKNOWN if same is UNKNOWN else not same


def _interval(value: Any) -> Bounds | None:
    if isinstance(value, Bounds):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool) and not math.isnan(value):
        return Bounds(value, value)
    return None


def _make(lo: float, hi: float) -> Any:
    """An interval; a single point is a plain number again, and nothing known is UNKNOWN."""
    if math.isnan(lo) or math.isnan(hi) or (lo == -INF and hi == INF):
        return UNKNOWN
    if lo == hi:
        return lo
    return Bounds(lo, hi)


def _times(a: float, b: float) -> float:
    return 0.0 if a == 0 or b == 0 else a * b  # 0 × ∞ is 0 here: an empty room times any count


# A rule's arithmetic is a person's: 45 × 0.7 ÷ 2.25 is 14, though in binary floating point it is
# 13.999999999999998. A value within this relative distance of a whole number is that number for
# floor and ceil, so that a seat count or a number of shifts is the one a rector gets by hand.
WHOLE = 1e-9


def _near_whole(x: float) -> int | None:
    nearest = round(x)
    return int(nearest) if abs(x - nearest) <= WHOLE * max(1.0, abs(x)) else None


def _decimal(fn: Any) -> Any:
    """``fn`` (math.floor or math.ceil), with a float within rounding error of a whole number taken as that number."""
    def run(x: Any) -> Any:
        if isinstance(x, float) and math.isfinite(x):
            whole = _near_whole(x)
            if whole is not None:
                return whole
        return fn(x)
    return run


decimal_floor = _decimal(math.floor)
decimal_ceil = _decimal(math.ceil)


def _end(fn: Any, value: float) -> float:
    return value if math.isinf(value) else fn(value)


def _decide(true: bool, false: bool) -> Any:
    if true:
        return True
    if false:
        return False
    return UNKNOWN


def is_partly_known(value: Any) -> bool:
    return isinstance(value, Bounds)


def bound_min(a: Any, b: Any) -> Any:
    """min(a, b) for numbers and Bounds."""
    x, y = _interval(a), _interval(b)
    if x is None or y is None:
        return UNKNOWN
    return _make(min(x.lo, y.lo), min(x.hi, y.hi))


def bound_max(a: Any, b: Any) -> Any:
    x, y = _interval(a), _interval(b)
    if x is None or y is None:
        return UNKNOWN
    return _make(max(x.lo, y.lo), max(x.hi, y.hi))
