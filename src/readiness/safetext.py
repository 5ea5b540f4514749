"""Text that is safe to show: no control characters, terminal escapes, lone surrogates or
bidirectional overrides reach a terminal or a file.

Inputs may hold any of them (a YAML ``"\\e[31m"`` or ``"\\ud800"`` escape, a pasted right-to-left
override). Each is shown escaped (``\\x1b``, ``\\ud800``, ``\\u202e``), so the reader sees that
something is there and what, and nothing acts on it: an ESC cannot recolour or move a terminal's
cursor, a CR or LF cannot start a new finding line, a lone surrogate cannot break UTF-8 output,
a bidi override cannot reorder what is shown (docs/security.md).
"""
from __future__ import annotations

import json
import math
import re
from typing import Any

from .rows import Rows, holds_rows

# C0 but tab and line feed, DEL and C1 (0x9b is CSI on some terminals), lone surrogates,
# bidirectional embeddings, overrides and isolates, and the line and paragraph separators
_UNSAFE = "\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ufffe\uffff"
_UNSAFE_RX = re.compile(f"[{_UNSAFE}]")
_UNSAFE_LINE_RX = re.compile(f"[{_UNSAFE}\t\n]")
BIDI_RX = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _shown(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def safe_text(text: str, *, one_line: bool = False) -> str:
    """``text`` with every unsafe character shown as its escape; ``one_line`` also escapes tab
    and line feed (a finding is one line: an LF in an id must not start a forged one)."""
    rx = _UNSAFE_LINE_RX if one_line else _UNSAFE_RX
    if rx.search(text) is None:
        return text
    return rx.sub(_shown, text)


def is_safe(text: str) -> bool:
    return _UNSAFE_RX.search(text) is None


def safe_data(value: Any) -> Any:
    """``value`` (a report: dicts, lists, texts, numbers) with :func:`safe_text` applied to
    every text, keys included; other values as they are. A report with nothing to change (the
    usual case) is found so by one pass of the C JSON encoder and returned as it is."""
    if holds_rows(value):  # each part as below
        return {_safe_data(k): safe_data(v) for k, v in value.items()}
    if isinstance(value, (dict, list)) and _clean(value):
        return value
    return _safe_data(value)


# What JSON text (ensure_ascii=False, compact or indented) shows of a value safe_data would change:
# an unsafe character as itself, or escaped by JSON (a control character other than tab and line
# feed: \u00XX, \r, \b, \f), or a float that is not finite. A false match only costs the slow walk.
# One search for each (a character class; str's own search for the rest): one regular expression
# of the four alternatives, tried at every character, took three times as long.
_JSON_ESCAPE = re.compile("\\\\(?:u00[01]|u007f|[rbf])")


def _clean(value: Any) -> bool:
    try:
        text = json.dumps(value, ensure_ascii=False, check_circular=False)
    except (TypeError, ValueError, RecursionError):
        return False  # not plain JSON data (a date, a set, very deep): the walk decides
    return json_is_safe(text)


def json_is_safe(text: str) -> bool:
    """Whether JSON text of a value shows nothing :func:`safe_data` would change in it (its
    indentation, spaces and line feeds, is never searched for)."""
    return (_UNSAFE_RX.search(text) is None and ("\\" not in text or _JSON_ESCAPE.search(text) is None)
            and "NaN" not in text and "Infinity" not in text)


def _safe_data(value: Any) -> Any:
    if isinstance(value, str):
        return safe_text(value)
    if isinstance(value, dict):
        return {_safe_data(k): _safe_data(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_safe_data(v) for v in value]
    if isinstance(value, tuple):
        return tuple(_safe_data(v) for v in value)
    if isinstance(value, float) and not math.isfinite(value):
        return None  # NaN and infinities are not JSON, nor any reader's number: not known
    if isinstance(value, Rows):
        return value.map(safe_data)  # each item made safe as it is read, with the fast path above
    return value
