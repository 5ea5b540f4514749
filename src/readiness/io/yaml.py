"""Safe YAML loading that remembers where every value came from.

PyYAML's parser (the C one when present) yields events; this module builds plain
Python data from them directly, without PyYAML's node tree, so that it can
- keep line and column of every mapping entry and list item (``Locations``),
- reject duplicate keys, unsupported tags, alias bombs and deep nesting while
  reading, before the input costs memory (no node tree, no recursion),
- keep dates as the strings they were written as and read only ``true``/``false``
  as booleans (YAML 1.1 would turn ``on``/``no`` and ``2020-09-01`` into other types).
"""
from __future__ import annotations

import codecs
import math
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..errors import Diagnostic, ReadinessError
from ..findings import Msg
from ..runtime import gc_paused
from .files import read_bytes, read_text

try:  # the C parser is ten times faster; fall back where libyaml is missing
    _Loader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _Loader = yaml.SafeLoader

PLAIN_MAX_BYTES = 8 * 1024 * 1024  # a larger file takes the full loader, which counts its values (MAX_NODES)
MAX_NODES = 2_000_000
MAX_DEPTH = 64
MAX_ITEMS = 200_000  # one list: twice the largest playbook tested (100,000 tasks), far past any profile's bound

Path_ = tuple[str | int, ...]

_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_STR = "tag:yaml.org,2002:str"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_constructor = yaml.constructor.SafeConstructor()


@dataclass
class Document:
    """Data loaded from one file, with the position of each value."""

    file: str
    data: Any
    locations: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    positions: bool = True  # False for data read by load_plain
    source: Path | None = None  # data read by load_plain: the file whose positions a finding reads

    def where(self, path: Path_, locate: bool = True) -> tuple[int, int]:
        """Line and column of ``path``, or of its nearest ancestor that has one.

        Data read without positions has none (0, 0), unless it knows its ``source``: then the
        first finding (``locate``) reads that file's positions, so only files with findings
        pay for the positioned loader.
        """
        if not self.positions and locate and self.source is not None:
            self._locate(self.source)
        if not self.positions:
            return (0, 0)  # read without positions (load_plain)
        path = tuple(path)
        while path:
            if path in self.locations:
                return self.locations[path]
            path = path[:-1]
        return self.locations.get((), (1, 1))

    def diag(self, path: Path_, code: str, message: Msg, hint: Msg | None = None) -> Diagnostic:
        line, col = self.where(path)
        return Diagnostic.of(self.file, line, col, code, message, hint, pointer(path))

    def _locate(self, source: Path) -> None:
        """The positions of the same data, read again by the positioned loader (the differential
        tests hold load_plain to the same data)."""
        self.source = None
        try:
            self.locations, self.positions = load_file(source, self.file).locations, True
        except ReadinessError:  # the file changed since: its findings say line 0
            pass


def pointer(path: Path_) -> str:
    """JSON pointer of a path (RFC 6901)."""
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in path)


def load_file(path: Path | str, display: str | None = None) -> Document:
    name = display or str(path)
    return load_text(read_text(path, name), name)


def load_data(path: Path) -> Any:
    """The data of one of the program's own files (catalogues, shipped with it): the plain fast
    path, else the full loader, whose findings name the line of a broken file."""
    data = load_plain(path)
    return data if data is not None else load_file(path).data


def load_text(text: str, name: str) -> Document:
    if not text.strip():
        raise ReadinessError([Diagnostic.of(name, 1, 1, "Y005", Msg("Y005.empty"), Msg("hint.yaml_mapping"))])
    builder = _Builder(name)
    try:
        with gc_paused():
            data = builder.run(text)
    except yaml.MarkedYAMLError as exc:
        raise ReadinessError(builder.errors + [_syntax_diag(exc, name, text)]) from None
    except yaml.YAMLError as exc:
        raise ReadinessError(builder.errors + [Diagnostic.of(name, 1, 1, "Y003", Msg("Y003.error", error=str(exc)),
                                                             Msg("hint.fix_yaml"))]) from None
    except _Abort:
        data = None
    if builder.errors:
        raise ReadinessError(builder.errors)
    if data is None:
        raise ReadinessError([Diagnostic.of(name, 1, 1, "Y005", Msg("Y005.only_comments"), Msg("hint.yaml_mapping"))])
    return Document(name, data, builder.locations)


_OPENERS = {"while scanning a quoted scalar": "quote", "while parsing a flow sequence": "[",
            "while parsing a flow mapping": "{"}


def _unclosed(exc: yaml.MarkedYAMLError, name: str, text: str) -> Diagnostic | None:
    """A quote or bracket never closed: libyaml notices only where the file (or the flow) ends,
    lines later; the finding names the line where it opens, and says where the reading stopped."""
    opener = _OPENERS.get(exc.context or "")
    start, end = exc.context_mark, exc.problem_mark
    if opener is None or start is None or end is None or end.line <= start.line:
        return None
    lines = text.splitlines()
    opening = lines[start.line] if start.line < len(lines) else ""
    quote = next((q for q in '"\'' if opening.count(q) % 2), None)
    if opener != "quote" and quote is not None:  # a quote left open inside the brackets
        start = type(start)(start.name, start.index, start.line, opening.rindex(quote), None, None)
        opener = "quote"
    if opener == "quote":
        return Diagnostic.of(name, start.line + 1, start.column + 1, "Y003", Msg("Y003.unclosed_quote", line=end.line + 1),
                             Msg("hint.close_quote"))
    return Diagnostic.of(name, start.line + 1, start.column + 1, "Y003",
                         Msg("Y003.unclosed_bracket", bracket=opener, line=end.line + 1), Msg("hint.close_bracket"))


def _syntax_diag(exc: yaml.MarkedYAMLError, name: str, text: str) -> Diagnostic:
    unclosed = _unclosed(exc, name, text)
    if unclosed is not None:
        return unclosed
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = exc.problem or "syntax error"
    hint = Msg("hint.yaml_spaces")
    lines = text.splitlines()
    here = lines[line - 1][col - 1:col] if 0 < line <= len(lines) else ""
    said: Msg | str = _parser_words(problem)
    if here == "\t" or "\\t" in problem or "\t" in problem:
        said, hint = Msg("yaml.tab"), Msg("hint.yaml_tab")
    elif "maximum nesting depth" in problem:
        return Diagnostic.of(name, line, col, "Y006", Msg("Y006.too_deep", limit=MAX_DEPTH), _DEEP_HINT)
    elif exc.context:
        if "quoted scalar" in exc.context and "escape" in problem or "hexdecimal" in problem:
            hint = Msg("hint.yaml_escape")
        said = Msg("yaml.in_context", context=_parser_words(exc.context), problem=said)
    return Diagnostic.of(name, line, col, "Y003", Msg("Y003.syntax", problem=said), hint)


def _parser_words(said: str) -> Msg | str:
    """libyaml's problem or context in the catalogue's words, where the catalogue has them."""
    key = _PARSER_WORDS.get(said)
    return Msg(key) if key else said


_PARSER_WORDS = {
    "syntax error": "yaml.syntax_error",
    "mapping values are not allowed in this context": "yaml.mapping_values",
    "mapping values are not allowed here": "yaml.mapping_values",
    "mapping keys are not allowed in this context": "yaml.mapping_keys",
    "block sequence entries are not allowed in this context": "yaml.sequence_entries",
    "could not find expected ':'": "yaml.expected_colon",
    "did not find expected key": "yaml.expected_key",
    "did not find expected '-' indicator": "yaml.expected_dash",
    "did not find expected ',' or ']'": "yaml.expected_bracket",
    "did not find expected ',' or '}'": "yaml.expected_brace",
    "did not find expected node content": "yaml.expected_node",
    "did not find expected alphabetic or numeric character": "yaml.expected_name",
    "did not find expected comment or line break": "yaml.expected_line_break",
    "found character that cannot start any token": "yaml.bad_character",
    "found unexpected end of stream": "yaml.unexpected_end",
    "found unknown escape character": "yaml.unknown_escape",
    "did not find expected hexdecimal number": "yaml.expected_hex",
    "found unexpected document indicator": "yaml.document_indicator",
    "found undefined tag handle": "yaml.undefined_tag",
    "while scanning a simple key": "yaml.while_simple_key",
    "while scanning a quoted scalar": "yaml.while_quoted",
    "while parsing a quoted scalar": "yaml.while_parsing_quoted",
    "while parsing a block mapping": "yaml.while_block_mapping",
    "while parsing a block collection": "yaml.while_block_collection",
    "while parsing a flow sequence": "yaml.while_flow_sequence",
    "while parsing a flow mapping": "yaml.while_flow_mapping",
    "while parsing a block node": "yaml.while_block_node",
    "while parsing a flow node": "yaml.while_flow_node",
    "while scanning for the next token": "yaml.while_next_token",
    "while scanning an anchor": "yaml.while_anchor",
    "while scanning an alias": "yaml.while_alias",
    "while scanning a block scalar": "yaml.while_block_scalar",
    "while scanning a plain scalar": "yaml.while_plain_scalar",
    "while scanning a tag": "yaml.while_tag",
    "found invalid Unicode character escape code": "yaml.bad_unicode_escape",
    "found unexpected ':'": "yaml.unexpected_colon",
    "found unknown directive name": "yaml.unknown_directive",
    "found duplicate %YAML directive": "yaml.duplicate_yaml_directive",
    "found duplicate %TAG directive": "yaml.duplicate_tag_directive",
    "found incompatible YAML document": "yaml.incompatible_document",
    "found extremely long version number": "yaml.long_version",
    "did not find expected version number": "yaml.expected_version",
    "did not find expected digit or '.' character": "yaml.expected_digit",
    "did not find expected whitespace": "yaml.expected_whitespace",
    "did not find expected whitespace or line break": "yaml.expected_whitespace_or_break",
    "did not find expected <document start>": "yaml.expected_document_start",
    "did not find expected tag URI": "yaml.expected_tag_uri",
    "did not find URI escaped octet": "yaml.expected_uri_octet",
    "did not find the expected '>'": "yaml.expected_angle",
    "did not find expected '!'": "yaml.expected_bang",
    "found unexpected non-alphabetical character": "yaml.non_alphabetical",
    "found an indentation indicator equal to 0": "yaml.zero_indentation",
    "found an incorrect leading UTF-8 octet": "yaml.bad_utf8_lead",
    "found an incorrect trailing UTF-8 octet": "yaml.bad_utf8_trail",
    "while parsing a node": "yaml.while_node",
    "while parsing a %TAG directive": "yaml.while_tag_directive",
    "while scanning a directive": "yaml.while_directive",
}
_DEEP_HINT = Msg("hint.flatten")
_BOMB_HINT = Msg("hint.alias_bomb")
_RESOLVERS = yaml.resolver.Resolver.yaml_implicit_resolvers
_NEED_KEY = object()   # a mapping waits for its next key
_BAD_KEY = object()    # the key was refused: drop its value


class _Frame:
    """An open mapping or list while events arrive."""

    __slots__ = ("data", "path", "is_map", "key", "flow", "anchor", "start", "count", "height", "record", "line", "col")

    def __init__(self, data: Any, path: Path_, anchor: str | None, start: int, record: bool, mark: Any, flow: bool):
        self.data, self.path, self.anchor, self.start, self.record = data, path, anchor, start, record
        self.is_map = isinstance(data, dict)
        self.key: Any = _NEED_KEY
        self.flow = flow
        self.count = start
        self.height = 0
        self.line, self.col = mark.line + 1, mark.column + 1


class _Builder:
    """Plain data and positions from parser events, with limits checked as the events arrive."""

    def __init__(self, name: str):
        self.name = name
        self.locations: dict[Path_, tuple[int, int]] = {}
        self.errors: list[Diagnostic] = []
        self.nodes = 0
        self.anchors: dict[str, tuple[Any, int, int, bool]] = {}  # name -> (value, nodes, height, is plain text)
        self.stack: list[_Frame] = []
        self.root: Any = None

    def _fail(self, mark: Any, code: str, message: Msg, hint: Msg | None = None) -> None:
        self.errors.append(Diagnostic.of(self.name, mark.line + 1, mark.column + 1, code, message, hint))

    def _refuse(self, mark: Any, message: Msg, hint: Msg) -> None:
        self._fail(mark, "Y006", message, hint)
        raise _Abort

    def run(self, text: str) -> Any:
        parser = _Loader(text)
        try:
            documents = 0
            while True:
                event = parser.get_event()
                kind = type(event)
                if kind is yaml.ScalarEvent:
                    self._scalar(event)
                elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                    self._start(event, kind is yaml.MappingStartEvent)
                elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                    self._end()
                elif kind is yaml.AliasEvent:
                    self._alias(event)
                elif kind is yaml.DocumentStartEvent:
                    documents += 1
                    if documents > 1:
                        self._fail(event.start_mark, "Y003", Msg("Y003.second_document"), Msg("hint.one_document"))
                        break
                elif event is None or kind is yaml.StreamEndEvent:
                    break
        finally:
            parser.dispose()
        return self.root

    # -- placing values -------------------------------------------------------
    def _place(self, value: Any, mark: Any, nodes: int, height: int) -> None:
        """Put a finished value into the open collection (or make it the root)."""
        self.nodes += nodes
        if self.nodes > MAX_NODES:
            self._refuse(mark, Msg("Y006.too_many_values", limit=MAX_NODES), _BOMB_HINT)
        if not self.stack:
            self.root = value
            return
        top = self.stack[-1]
        if len(self.stack) + height > MAX_DEPTH:
            self._refuse(mark, Msg("Y006.too_deep", limit=MAX_DEPTH), _DEEP_HINT)
        top.height = max(top.height, height + 1)
        if not top.is_map:
            if len(top.data) >= MAX_ITEMS:  # stop reading now, not after a million items
                self._refuse(mark, Msg("Y006.too_many_items", limit=MAX_ITEMS), Msg("hint.split_file"))
            if top.record:
                self.locations[top.path + (len(top.data),)] = (mark.line + 1, mark.column + 1)
            top.data.append(value)
            return
        key = top.key
        top.key = _NEED_KEY
        if key is _NEED_KEY:  # a complex key (a list or a mapping), or an alias to one
            self._fail(mark, "Y004", Msg("Y004.key_not_text"), Msg("hint.key_as_text"))
            top.key = _BAD_KEY
        elif key is not _BAD_KEY:
            top.data[key] = value

    def _take_key(self, top: _Frame, key: str, mark: Any) -> None:
        data = top.data
        if key in data:
            first = self.locations.get(top.path + (key,), (0, 0))[0]
            hint = Msg("hint.flow_comma") if top.flow else Msg("hint.key_once")
            self._fail(mark, "Y004", Msg("Y004.duplicate_key", key=key, line=first), hint)
            top.key = _BAD_KEY
            return
        if top.record:
            self.locations[top.path + (key,)] = (mark.line + 1, mark.column + 1)
        top.key = key

    # -- events ---------------------------------------------------------------
    def _scalar(self, event: Any) -> None:
        top = self.stack[-1] if self.stack else None
        mark = event.start_mark
        if top is not None and top.is_map and top.key is _NEED_KEY:  # keys are not counted: they cannot repeat
            tag = self._tag(event)
            if tag == _MERGE:
                self._fail(mark, "Y004", Msg("Y004.merge_key"), Msg("hint.write_keys_out"))
                top.key = _BAD_KEY
            elif tag not in _KEY_TAGS:
                self._fail(mark, "Y004", Msg("Y004.unsupported_tag", tag=tag), Msg("hint.plain_values"))
                top.key = _BAD_KEY
            elif _SURROGATE.search(event.value):
                self._fail(mark, "Y004", Msg("Y004.surrogate"), Msg("hint.surrogate"))
                top.key = _BAD_KEY
            else:
                self._take_key(top, nfc(str(event.value)), mark)
                if event.anchor is not None:
                    self.anchors[event.anchor] = (str(event.value), 1, 0, True)
            return
        value = self._value(event, mark)
        if event.anchor is not None:
            self.anchors[event.anchor] = (value, 1, 0, True)
        self._place(value, mark, 1, 0)

    def _start(self, event: Any, is_map: bool) -> None:
        mark = event.start_mark
        if len(self.stack) >= MAX_DEPTH:
            self._refuse(mark, Msg("Y006.too_deep", limit=MAX_DEPTH), _DEEP_HINT)
        if event.tag not in (None, "!", _MAP if is_map else _SEQ):
            self._fail(mark, "Y004", Msg("Y004.unsupported_tag", tag=event.tag), Msg("hint.remove_tag"))
        top = self.stack[-1] if self.stack else None
        record = top is None or top.record
        path: Path_ = ()
        if top is not None:
            if top.is_map:
                if top.key is _NEED_KEY or top.key is _BAD_KEY:
                    record = False
                else:
                    path = top.path + (top.key,)
            else:
                path = top.path + (len(top.data),)
        data: Any = {} if is_map else []
        self.stack.append(_Frame(data, path, event.anchor, self.nodes, record, mark, bool(event.flow_style)))

    def _end(self) -> None:
        frame = self.stack.pop()
        if frame.is_map and frame.key is not _NEED_KEY and frame.key is not _BAD_KEY:
            frame.data[frame.key] = None  # cannot happen with a well-formed event stream
        nodes = self.nodes - frame.start + 1
        self.nodes = frame.start
        if frame.anchor is not None:
            self.anchors[frame.anchor] = (frame.data, nodes, frame.height, False)
        mark = _Mark(frame.line - 1, frame.col - 1)
        self._place(frame.data, mark, nodes, frame.height)

    def _alias(self, event: Any) -> None:
        mark = event.start_mark
        if event.anchor not in self.anchors:
            self._fail(mark, "Y003", Msg("Y003.undefined_alias", alias=event.anchor), Msg("hint.alias_anchor"))
            raise _Abort
        value, nodes, height, plain = self.anchors[event.anchor]
        top = self.stack[-1] if self.stack else None
        if top is not None and top.is_map and top.key is _NEED_KEY:
            if plain and isinstance(value, (str, int, float, bool)):
                self._take_key(top, str(value).lower() if isinstance(value, bool) else str(value), mark)
            else:
                self._fail(mark, "Y004", Msg("Y004.key_not_text"), Msg("hint.key_as_text"))
                top.key = _BAD_KEY
            return
        self._place(value, mark, nodes, height)

    # -- scalars --------------------------------------------------------------
    def _tag(self, event: Any) -> str:
        tag = event.tag
        if tag is None or tag == "!":
            if not event.implicit[0]:
                return _STR
            value = event.value
            for resolved, regexp in _RESOLVERS.get(value[:1] or "", ()):
                if regexp.match(value):
                    return str(resolved)
            if not value:
                return _NULL
            return _STR
        return str(tag)

    def _value(self, event: Any, mark: Any) -> Any:
        tag, value = self._tag(event), event.value
        if tag == _STR or tag in _TEXT_TAGS:
            if _SURROGATE.search(value):
                self._fail(mark, "Y004", Msg("Y004.surrogate"), Msg("hint.surrogate"))
                return None
            return value
        if tag == _NULL:
            return None
        if tag == _BOOL:
            return {"true": True, "false": False}.get(value.lower(), value)
        try:
            if tag == _INT:
                if not is_decimal(value) and _PLAIN_RX[_INT].match(value):  # 5:00 (300 in YAML 1.1), 012 (10), 0x1F
                    self._fail(mark, "Y004", Msg("Y004.yaml11_number", value=value[:40]), Msg("hint.yaml11_number"))
                    return None
                return int(value.replace("_", "")) if is_decimal(value) else int(value)  # int() refuses !!int two
            if tag == _FLOAT:
                number = _constructor.construct_yaml_float(yaml.ScalarNode(tag, value))
                if ":" in value:
                    self._fail(mark, "Y004", Msg("Y004.yaml11_number", value=value[:40]), Msg("hint.yaml11_number"))
                    return None
                if not math.isfinite(number):  # .nan, .inf, 1e400: no JSON number, no fact's value
                    self._fail(mark, "Y004", Msg("Y004.not_finite", value=value[:40]), Msg("hint.finite_number"))
                    return None
                return number
        except (ValueError, IndexError):
            self._fail(mark, "Y004", Msg("Y004.not_whole_number" if tag == _INT else "Y004.not_a_number", value=value[:40]),
                       Msg("hint.number_tag"))
            return None
        self._fail(mark, "Y004", Msg("Y004.unsupported_tag", tag=tag), Msg("hint.plain_values"))
        return None


_DECIMAL = re.compile(r"[-+]?(?:0|[1-9][0-9_]*)\Z")
_SURROGATE = re.compile("[\ud800-\udfff]")


def is_decimal(value: str) -> bool:
    """A YAML int written in decimal without a leading zero: what every YAML reader reads alike."""
    return _DECIMAL.match(value) is not None


def nfc(key: str) -> str:
    """A mapping key in Unicode's composed form: "й" typed as и + a combining breve is the same
    key as "й" typed whole (and a duplicate of it)."""
    return key if key.isascii() or unicodedata.is_normalized("NFC", key) else unicodedata.normalize("NFC", key)


@dataclass(frozen=True)
class _Mark:
    line: int
    column: int


_MERGE = "tag:yaml.org,2002:merge"
_TEXT_TAGS = frozenset({_TIMESTAMP, "tag:yaml.org,2002:value", _MERGE})  # dates stay text; '=' and '<<' as values are text
_KEY_TAGS = frozenset({_STR, _INT, _FLOAT, _BOOL, _NULL, _TIMESTAMP, "tag:yaml.org,2002:value"})


class _Abort(Exception):
    pass


class _Fallback(Exception):
    """The fast loader met something only the full loader judges (a duplicate key, a tag, a merge key)."""


_PLAIN_RX = {tag: rx for resolvers in _Loader.yaml_implicit_resolvers.values()
             for tag, rx in resolvers if tag in (_INT, _FLOAT)}
_TRUE = frozenset(("true", "True", "TRUE"))
_BOOLS = _TRUE | {"false", "False", "FALSE"}
_NULLS = frozenset(("", "~", "null", "Null", "NULL"))
_NOT_ONLY_TEXT = frozenset("~nNtTfF+-.0123456789<")  # how a plain scalar that may be no text begins


def _plain_scalar(value: str) -> Any:
    """A plain (unquoted, untagged) scalar's value, as the full loader reads it: YAML 1.1's int
    and float forms, no timestamps (dates stay text), only true/false as booleans. What the
    full loader reports (5:00, 012, .nan, a merge key) falls back to it."""
    if value in _NULLS:
        return None
    if value in _BOOLS:
        return value in _TRUE
    if value[:1] in "+-.0123456789":
        if _PLAIN_RX[_INT].match(value):
            if not is_decimal(value):
                raise _Fallback  # the full loader refuses YAML 1.1's other forms, with a line
            return int(value.replace("_", ""))
        if _PLAIN_RX[_FLOAT].match(value):
            number = _constructor.construct_yaml_float(yaml.ScalarNode(_FLOAT, value))
            if ":" in value or not math.isfinite(number):
                raise _Fallback
            return number
    if value == "<<":
        raise _Fallback
    return value


# An anchor (&a) or alias (*a) starts a node: after a line start, a space or a flow indicator, and
# is followed by its name. '*' inside a rule ('a * b') is neither, and keeps the fast path; a
# false match only costs speed (the full loader, which refuses alias bombs, reads the file).
_NAME_OR_NODE = re.compile(rb"[^\s\[\]{},]")  # what may follow the '&' or '*' of an anchor or alias
_BEFORE_NODE = frozenset(b" \t\r\n\x0b\x0c[]{},")  # what may precede it (or the start of the text)


def has_anchor_or_alias(raw: bytes) -> bool:
    """Whether ``raw`` may hold an anchor or an alias. Found with bytes.find, not with one regex
    (a start of line or one of _BEFORE_NODE, then '&' or '*', then _NAME_OR_NODE), which tries
    every byte of a 28 MB set in turn (half a second): '&' and '*' are rare, and memchr skips
    to them."""
    for mark in b"&*":
        at = raw.find(mark)
        while at >= 0:
            if (at == 0 or raw[at - 1] in _BEFORE_NODE) and _NAME_OR_NODE.match(raw, at + 1):
                return True
            at = raw.find(mark, at + 1)
    return False


# A backslash not followed by one that only quotes (\" \\ \/): an escape that can make any
# character. In a plain or single-quoted scalar a backslash is itself, and a false match only
# costs speed.
_RISKY_ESCAPE = re.compile(rb'\\(?![\\"/])')


def load_plain(path: Path | str) -> Any | None:
    """Data of a well-formed file, fast and without positions; None when only the full loader
    (:func:`load_file`) can tell what is wrong or where (it is the path for any error).
    Files with anchors or aliases always take the full loader, which refuses alias bombs."""
    try:
        raw = read_bytes(path)
        # anchors and aliases (bombs), escapes other than \" \\ \/ (one may make a lone surrogate or
        # a control character): the full loader
        if len(raw) > PLAIN_MAX_BYTES or has_anchor_or_alias(raw) or _RISKY_ESCAPE.search(raw) or raw.startswith(_WIDE_BOMS):
            return None
        return _plain(raw)  # libyaml reads UTF-8 itself (a BOM, and refuses what is no UTF-8): no decoding first
    except (ReadinessError, OSError, UnicodeDecodeError, yaml.YAMLError, _Fallback, ValueError, TypeError):
        return None


_WIDE_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)  # libyaml reads UTF-16; the full loader refuses it


def _plain(text: str | bytes) -> Any:
    """Data straight from the parser's events, with a stack instead of PyYAML's node tree:
    half the time of composing nodes and converting them (a 10,000-task set: 1.2 s, not 2).

    Anything the full loader judges falls back to it: a tag, an alias, a duplicate, complex or
    non-ASCII key (the full loader normalises those, NFC), a second document, a deep nesting,
    a list too long. (An anchor alone changes no data: only its aliases would.)
    """
    parser = _Loader(text)
    get = parser.get_event
    stack: list[tuple[Any, bool]] = []  # the open collections above ``top``
    top: Any = None  # the open collection (None: none yet)
    is_map = False
    key: Any = _NEED_KEY  # the key of ``top`` waiting for its value
    root: Any = None
    documents = 0
    try:
        while True:
            event = get()
            kind = type(event)
            if kind is _SCALAR_EVENT:
                if event.tag is not None:
                    raise _Fallback
                value = event.value
                if key is _NEED_KEY and is_map:
                    if value in top or not value.isascii() or (value == "<<" and event.implicit[0]):
                        raise _Fallback  # a duplicate, one to normalise, a merge key
                    key = value
                    continue
                if event.implicit[0] and (not value or value[0] in _NOT_ONLY_TEXT):
                    value = _plain_scalar(value)
                if key is not _NEED_KEY:  # the value of a mapping's key (a list's items have none)
                    top[key] = value
                    key = _NEED_KEY
                elif top is not None:
                    top.append(value)
                else:
                    root = value
            elif kind is _MAP_START or kind is _SEQ_START:
                if event.tag is not None or len(stack) >= MAX_DEPTH - 1:
                    raise _Fallback
                new: Any = {} if kind is _MAP_START else []
                if is_map:
                    if key is _NEED_KEY:
                        raise _Fallback  # a list or mapping as a key
                    top[key] = new
                elif top is not None:
                    top.append(new)
                else:
                    root = new
                stack.append((top, is_map))
                top, is_map, key = new, kind is _MAP_START, _NEED_KEY
            elif kind is _MAP_END or kind is _SEQ_END:
                if not is_map and len(top) > MAX_ITEMS:
                    raise _Fallback
                top, is_map = stack.pop()
                key = _NEED_KEY
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise _Fallback
            elif kind is yaml.AliasEvent:
                raise _Fallback
            elif event is None or kind is yaml.StreamEndEvent:
                return root
    finally:
        parser.dispose()


_SCALAR_EVENT, _MAP_START, _MAP_END = yaml.ScalarEvent, yaml.MappingStartEvent, yaml.MappingEndEvent
_SEQ_START, _SEQ_END = yaml.SequenceStartEvent, yaml.SequenceEndEvent
