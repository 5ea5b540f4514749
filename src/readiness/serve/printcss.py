"""The HTML reports' stylesheet (A4 pages, the running header, tables), for the web pages too.

It is read out of ``templates/base.html.j2``, the one place it is written, so that a page
printed from the browser looks like the report a user downloads. Its one Jinja expression, the
word before the page number (``{{ t('label.page', lang) }}``), is filled in for the page's language.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..i18n import message
from ..resources import templates_dir

_STYLE = re.compile(r"<style>(.*?)</style>", re.S)
_JINJA = re.compile(r"\{%.*?%\}|\{#.*?#\}", re.S)
_LABEL = re.compile(r"\{\{\s*t\('([a-z_.]+)', lang\)\s*\}\}")


@lru_cache(maxsize=None)
def print_css(lang: str) -> str:
    text = (templates_dir() / "base.html.j2").read_text(encoding="utf-8")
    found = _STYLE.search(text)
    if found is None:
        raise RuntimeError("templates/base.html.j2 has no <style> block")  # the package is broken, not the input
    css = _LABEL.sub(lambda m: _css_string(message(m.group(1), lang)), _JINJA.sub("", found.group(1)))
    if "{{" in css:
        raise RuntimeError("templates/base.html.j2: an expression in <style> this module cannot fill in")  # a bug
    return css.strip() + "\n"


def _css_string(value: str) -> str:
    """Text inside a CSS string: backslashes and quotes escaped, no line break (it is the catalogue's)."""
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
