"""A profile as ruamel.yaml's round-trip document: the one home of ruamel.yaml, for the files
people wrote by hand that readiness writes back (`serve` saving a profile, `migrate` rewriting
one). Saving keeps their comments, key order, quotes, flow style and indentation, so a diff
shows only what changed.

Only text that :mod:`readiness.io.yaml` has already read (size, depth, aliases and tags
checked) comes here. Dates stay text, as the readiness loader keeps them: a date that does
not exist (``2020-02-30``) is a finding of the engine, not an exception of the YAML library.
"""
from __future__ import annotations

import codecs
import io
import re
from dataclasses import dataclass
from typing import Any

from ruamel.yaml import YAML, YAMLError
from ruamel.yaml.comments import CommentedMap, CommentedSeq

Document = CommentedMap      # a mapping of the document: its comments and order come with it
RoundTripError = YAMLError   # what ruamel.yaml raises on text the readiness reader accepted

_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TILDE = re.compile(r"^[^#\n]*:[ \t]+~[ \t]*(#.*)?$", re.M)
# (mapping, sequence, offset): the block styles people write; the one that reproduces a file is kept
_INDENTS = ((2, 2, 0), (2, 4, 2), (4, 4, 2), (4, 4, 0), (4, 6, 4), (3, 3, 0))


class DateText(str):
    """A date as written (``2020-09-01``): text for the engine, a plain scalar in the file."""


@dataclass(frozen=True)
class Style:
    indent: tuple[int, int, int] = (2, 4, 2)
    tilde: bool = True   # unknown written ``~`` (as `readiness init` does) rather than left empty
    bom: bool = False


def _yaml(style: Style) -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096          # never fold a long name or reason onto a second line
    yaml.brace_single_entry_mapping_in_flow_sequence = True  # [{id: x}] stays so, not [id: x]
    mapping, sequence, offset = style.indent
    yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    yaml.constructor.add_constructor(_TIMESTAMP, lambda loader, node: DateText(loader.construct_scalar(node)))
    yaml.representer.add_representer(DateText, lambda rep, data: rep.represent_scalar(_TIMESTAMP, str(data)))
    null = "~" if style.tilde else ""
    yaml.representer.add_representer(type(None), lambda rep, data: rep.represent_scalar("tag:yaml.org,2002:null", null))
    return yaml


def parse(text: str) -> tuple[CommentedMap, Style]:
    """The document and the style that writes it back as it was (or closest)."""
    bom = text.startswith(codecs.BOM_UTF8.decode("utf-8"))
    body = text.removeprefix(codecs.BOM_UTF8.decode("utf-8"))
    doc = _yaml(Style()).load(body)
    # unknown values are written as the file writes them: `~`, or nothing after the colon
    tilde = bool(_TILDE.search(body)) or not _has_null(doc)
    lines = body.splitlines()
    best: tuple[int, Style] | None = None
    for indent in sorted(_INDENTS, key=lambda i: i != _guess(lines)):   # the likely one first: one dump
        style = Style(indent, tilde, bom)
        written = dump(doc, style).removeprefix(codecs.BOM_UTF8.decode("utf-8")).splitlines()
        changed = sum(a != b for a, b in zip(lines, written)) + abs(len(lines) - len(written))
        if best is None or changed < best[0]:
            best = (changed, style)
        if not changed:
            break
    assert best is not None
    return doc, best[1]


_KEY = re.compile(r"^( *)[^\s#-][^:#]*:\s*(#.*)?$")
_ITEM = re.compile(r"^( *)- ")
_ANY = re.compile(r"^( *)\S")


def _guess(lines: list[str]) -> tuple[int, int, int]:
    """(mapping, sequence, offset) as the first nested mapping and the first block list show them."""
    mapping, offset = 2, 2
    for above, line in zip(lines, lines[1:]):
        key, item = _KEY.match(above), _ITEM.match(line)
        if key and item:
            offset = len(item.group(1)) - len(key.group(1))
            break
    for above, line in zip(lines, lines[1:]):
        key, below = _KEY.match(above), _ANY.match(line)
        if key and below and not _ITEM.match(line) and len(below.group(1)) > len(key.group(1)):
            mapping = len(below.group(1)) - len(key.group(1))
            break
    return mapping, mapping + offset, offset


def _has_null(node: Any) -> bool:
    if node is None:
        return True
    if isinstance(node, dict):
        return any(_has_null(v) for v in node.values())
    if isinstance(node, list):
        return any(_has_null(v) for v in node)
    return False


def dump(doc: Any, style: Style) -> str:
    out = io.StringIO()
    _yaml(style).dump(doc, out)
    text = out.getvalue()
    return codecs.BOM_UTF8.decode("utf-8") + text if style.bom else text


def new_document() -> tuple[CommentedMap, Style]:
    doc = CommentedMap()
    doc["profile_version"] = 1
    return doc, Style()


def mapping(flow: bool = False) -> CommentedMap:
    out = CommentedMap()
    if flow:
        out.fa.set_flow_style()
    return out


def sequence(values: list[Any], flow: bool = True) -> CommentedSeq:
    out = CommentedSeq(values)
    if flow:
        out.fa.set_flow_style()
    return out


def is_flow(node: Any) -> bool:
    return bool(getattr(node, "fa", None) is not None and node.fa.flow_style())


def date_value(text: str) -> str:
    """A date typed into the form: written plain when it has the date's form, else quoted
    (then the engine says what is wrong with it)."""
    return DateText(text) if _DATE.match(text) else text
