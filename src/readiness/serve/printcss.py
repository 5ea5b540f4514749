"""The HTML reports' stylesheet (A4 pages, the running header, tables), for the web pages too.

It is read out of ``templates/base.html.j2``, the one place it is written, so that a page
printed from the browser looks like the report a user downloads.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..resources import templates_dir

_STYLE = re.compile(r"<style>(.*?)</style>", re.S)
_JINJA = re.compile(r"\{%.*?%\}|\{#.*?#\}", re.S)


@lru_cache(maxsize=None)
def print_css() -> str:
    text = (templates_dir() / "base.html.j2").read_text(encoding="utf-8")
    found = _STYLE.search(text)
    if found is None:
        raise RuntimeError("templates/base.html.j2 has no <style> block")  # the package is broken, not the input
    return _JINJA.sub("", found.group(1)).strip() + "\n"
