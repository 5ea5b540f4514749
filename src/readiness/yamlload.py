"""Safe YAML loading that remembers where every value came from.

PyYAML composes the node tree (with the C parser when present); this module
builds plain Python data from it, so that it can
- keep line and column of every mapping entry and list item (``Locations``),
- reject duplicate keys, unsupported tags and alias bombs,
- keep dates as the strings they were written as and read only ``true``/``false``
  as booleans (YAML 1.1 would turn ``on``/``no`` and ``2020-09-01`` into other types).
"""
from __future__ import annotations

import codecs
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import Diagnostic, ReadinessError, UsageError

try:  # the C parser is ten times faster; fall back where libyaml is missing
    _Loader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _Loader = yaml.SafeLoader

MAX_BYTES = 20 * 1024 * 1024
MAX_NODES = 2_000_000
MAX_DEPTH = 64

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

    def where(self, path: Path_) -> tuple[int, int]:
        """Line and column of ``path``, or of its nearest ancestor that has one."""
        path = tuple(path)
        while path:
            if path in self.locations:
                return self.locations[path]
            path = path[:-1]
        return self.locations.get((), (1, 1))

    def diag(self, path: Path_, code: str, message: str, hint: str = "", severity: str = "error") -> Diagnostic:
        line, col = self.where(path)
        return Diagnostic(
            file=self.file, line=line, col=col, code=code, message=message,
            hint=hint, severity=severity, pointer=pointer(path),
        )


def pointer(path: Path_) -> str:
    """JSON pointer of a path (RFC 6901)."""
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in path)


def read_text(path: Path, display: str | None = None) -> str:
    """Read a UTF-8 file (BOM allowed); anything else is a user error, not a traceback."""
    name = display or str(path)
    if not path.exists():
        raise UsageError([Diagnostic(name, code="Y001", message="file not found",
                                     hint="check the path; relative paths start in the current folder")])
    if path.is_dir():
        raise UsageError([Diagnostic(name, code="Y001", message="is a folder, a YAML file was expected",
                                     hint="name a .yaml file inside it")])
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise ReadinessError([Diagnostic(name, code="Y006", message=f"file is too large ({size // 1024 // 1024} MiB; at most {MAX_BYTES // 1024 // 1024} MiB)",
                                         hint="split the data into several files")])
    raw = path.read_bytes()
    return decode(raw, name)


def decode(raw: bytes, name: str) -> str:
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        raise ReadinessError([Diagnostic(name, 1, 1, "Y002", "file is UTF-16/UTF-32, not UTF-8",
                                         hint="save the file as UTF-8 (in Notepad: Save as → Encoding: UTF-8)")])
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8):]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise ReadinessError([Diagnostic(name, line, col, "Y002", "file is not valid UTF-8 (Latin-1 or Windows-1251?)",
                                         hint="save the file as UTF-8 so Kyrgyz and Russian letters survive")]) from None


def load_file(path: Path, display: str | None = None) -> Document:
    name = display or str(path)
    return load_text(read_text(path, name), name)


def load_text(text: str, name: str) -> Document:
    if not text.strip():
        raise ReadinessError([Diagnostic(name, 1, 1, "Y005", "file is empty", hint="a YAML mapping was expected")])
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        raise ReadinessError([_syntax_diag(exc, name, text)]) from None
    except yaml.YAMLError as exc:
        raise ReadinessError([Diagnostic(name, 1, 1, "Y003", f"YAML error: {exc}")]) from None
    except RecursionError:
        raise ReadinessError([Diagnostic(name, 1, 1, "Y006", f"nesting is too deep (at most {MAX_DEPTH} levels)")]) from None
    if node is None:
        raise ReadinessError([Diagnostic(name, 1, 1, "Y005", "file holds no data (only comments)", hint="a YAML mapping was expected")])
    builder = _Builder(name)
    try:
        data = builder.build(node, (), 0)
    except _Abort:
        pass
    if builder.errors:
        raise ReadinessError(builder.errors)
    return Document(name, data, builder.locations)


def _syntax_diag(exc: yaml.MarkedYAMLError, name: str, text: str) -> Diagnostic:
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = exc.problem or "syntax error"
    hint = "check indentation and that every ':' is followed by a space"
    lines = text.splitlines()
    here = lines[line - 1][col - 1:col] if 0 < line <= len(lines) else ""
    if here == "\t" or "\\t" in problem or "\t" in problem:
        problem = "a tab character is used for indentation"
        hint = "YAML indents with spaces only; replace the tab with spaces"
    elif "found duplicate anchor" in problem or "found undefined alias" in problem:
        hint = "an alias (*name) must refer to an anchor (&name) defined before it"
    elif exc.context:
        problem = f"{exc.context}: {problem}"
    return Diagnostic(name, line, col, "Y003", f"YAML syntax error: {problem}", hint=hint)


class _Builder:
    def __init__(self, name: str):
        self.name = name
        self.locations: dict[Path_, tuple[int, int]] = {}
        self.errors: list[Diagnostic] = []
        self.nodes = 0

    def _fail(self, node: yaml.Node, code: str, message: str, hint: str = "") -> None:
        self.errors.append(Diagnostic(self.name, node.start_mark.line + 1, node.start_mark.column + 1, code, message, hint=hint))

    def build(self, node: yaml.Node, path: Path_, depth: int) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES or depth > MAX_DEPTH:
            if not self.errors or self.errors[-1].code != "Y006":
                what = "too many values (an alias bomb?)" if self.nodes > MAX_NODES else f"nesting is too deep (more than {MAX_DEPTH} levels)"
                self._fail(node, "Y006", f"input refused: {what}", "remove the repeated aliases or flatten the structure")
            raise _Abort
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path, depth)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _SEQ:
                self._fail(node, "Y004", f"unsupported tag {node.tag}", "remove the tag")
            out = []
            for i, item in enumerate(node.value):
                self.locations[path + (i,)] = (item.start_mark.line + 1, item.start_mark.column + 1)
                out.append(self.build(item, path + (i,), depth + 1))
            return out
        return self._scalar(node)

    def _mapping(self, node: yaml.MappingNode, path: Path_, depth: int) -> dict[str, Any]:
        if node.tag != _MAP:
            self._fail(node, "Y004", f"unsupported tag {node.tag}", "remove the tag")
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self._fail(key_node, "Y004", "merge keys (<<) are not supported", "write the keys out")
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self._fail(key_node, "Y004", "a key must be plain text")
                continue
            key = str(key_node.value)
            if key in out:
                first = self.locations.get(path + (key,), (0, 0))[0]
                hint = "a key may appear once in a mapping; remove or merge the second one"
                if node.flow_style:
                    hint = "inside { } a comma separates entries: put text that contains a comma in quotes"
                self._fail(key_node, "Y004", f"duplicate key '{key}' (first at line {first})", hint)
                continue
            self.locations[path + (key,)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            out[key] = self.build(value_node, path + (key,), depth + 1)
        return out

    def _scalar(self, node: yaml.Node) -> Any:
        tag, value = node.tag, node.value
        if tag == _STR or tag == _TIMESTAMP:
            return value
        if tag == _NULL:
            return None
        if tag == _BOOL:
            low = value.lower()
            return {"true": True, "false": False}.get(low, value)
        if tag == _INT:
            plain = value.replace("_", "")
            if plain.lstrip("+-").isdigit():
                return int(plain)  # decimal, also with leading zeros (YAML 1.1 would read 012 as octal)
            return _constructor.construct_yaml_int(node)
        if tag == _FLOAT:
            return _constructor.construct_yaml_float(node)
        self._fail(node, "Y004", f"unsupported tag {tag}", "plain values only: remove the !tag")
        return None


class _Abort(Exception):
    pass
