"""Markdown output where user text is always text, never markup.

Every value a Markdown template prints is marked while the template renders (see
:func:`mark`, Jinja2's ``finalize``); when the page is complete, :func:`escape_marked` escapes
each marked value for the place it landed in:

- inside a code span (`` `{{ id }}` ``): only a backtick could end it, and it becomes ``ˋ``;
- inside an HTML block (``<details><summary>{{ name }}</summary>``): HTML escaping, since
  Markdown escapes are not read there;
- anywhere else: backslash escapes for every character that can start markup (emphasis,
  links, images, raw HTML, entities, tables, strikethrough, bare URLs), and at the start of a
  block also for what starts a heading, list, quote or rule.

A value is one line: a line break in a title cannot start a heading or a new table row.
So a profile's or playbook's text can neither run a script nor load a remote image nor make a
link in a Markdown report (impact.md is posted as a pull-request comment); the links and
markup the report makes come from the templates' own text, or from :class:`Trusted` values.
"""
from __future__ import annotations

import html
import re
from typing import Any

OPEN, CLOSE = "\x02", "\x03"  # control characters: safe_text shows them escaped in any user text
_MARKED = re.compile(f"{OPEN}([^{OPEN}{CLOSE}]*){CLOSE}")


class Trusted(str):
    """Markup the report itself makes (never a user's text): printed as it is."""


def mark(value: Any) -> str:
    """Jinja2's ``finalize`` for Markdown: every printed value marked for :func:`escape_marked`."""
    if isinstance(value, Trusted):
        return str(value)
    text = str(value)
    if OPEN in text:  # a macro's output: template text whose values are marked already
        return text
    return OPEN + text + CLOSE


def escape_marked(page: str) -> str:
    page = _MARKED.sub(_one_line, page)
    out: list[str] = []
    in_html = False
    for line in page.split("\n"):
        if not line.strip():
            in_html = False
        elif _HTML_START.match(line):
            in_html = True
        out.append(_escape_line(line, in_html) if OPEN in line else line)
    return "\n".join(out)


def _one_line(m: re.Match[str]) -> str:
    return OPEN + " ".join(m.group(1).splitlines()) + CLOSE


_HTML_START = re.compile(r" {0,3}</?[A-Za-z]")


def _escape_line(line: str, in_html: bool) -> str:
    done: list[str] = []
    pos = 0
    table = line.lstrip().startswith("|")
    for m in _MARKED.finditer(line):
        done.append(line[pos:m.start()])
        value = m.group(1)
        before = line[m.start() - 1:m.start()]
        after = line[m.end():m.end() + 1]
        if in_html:
            done.append(html.escape(value))
        elif before == "`" and after == "`":
            done.append(_code(value, table))
        else:
            done.append(inline(value, block_start=_BLOCK_PREFIX.fullmatch("".join(done)) is not None))
        pos = m.end()
    done.append(line[pos:])
    return "".join(done)


# what may stand before a block's text on its line: indentation, list markers, quote markers
_BLOCK_PREFIX = re.compile(r"\s*(?:(?:[-+*]|\d{1,9}[.)])\s+|>\s?)*")


def _code(value: str, table: bool) -> str:
    value = value.replace("`", "ˋ")
    return value.replace("|", "\\|") if table else value


_ALWAYS = re.compile(r"[\\`*_\[\]|~<]|&(?=#?[0-9A-Za-z]+;)|:(?=//)|(?<![0-9A-Za-z])(?i:www)\.|@")
_BLOCK = re.compile(r"[#>+=-]|\d{1,9}[.)](?=\s|$)")


def inline(value: str, block_start: bool = False) -> str:
    """``value`` as Markdown text: every character that could start markup escaped."""
    escaped = _ALWAYS.sub(_escape_one, value)
    if block_start:
        escaped = escaped.lstrip()
        head = _BLOCK.match(escaped)
        if head:
            escaped = escaped[:head.end() - 1] + "\\" + escaped[head.end() - 1:]
    return escaped


def _escape_one(m: re.Match[str]) -> str:
    text = m.group()
    if text == "_" and _intraword(m):
        return text  # snake_case ids and words: an underscore inside a word is never emphasis
    if text.lower() == "www.":
        return text[:3] + "\\."
    return "\\" + text


def _intraword(m: re.Match[str]) -> bool:
    s, i = m.string, m.start()
    return 0 < i < len(s) - 1 and s[i - 1].isalnum() and s[i + 1].isalnum()
