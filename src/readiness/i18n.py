"""The message catalogue (templates/i18n/messages.yaml) and language-aware formatting.

Month names, the order of a date's parts, decimal and group separators, percentages and plural
categories all come from CLDR through Babel (imported lazily: the commands that print no date
or number do not pay for it). One deliberate departure, in :data:`PERCENT`: see there.
"""
from __future__ import annotations

import atexit
import marshal
import math
from datetime import date
from functools import lru_cache
from typing import Any, Callable

from . import resources
from .io.yaml import load_data
from .resources import package_data, templates_dir

LANGUAGES = ("ky", "ru", "en")

# CLDR's percent pattern, except Kyrgyz: CLDR writes "40%", while Kyrgyz official documents
# follow the same typographic rule as Russian ones (a space before the sign: "40 %"), which the
# ministry's own matrix uses; the space is a no-break one, as in CLDR's Russian pattern.
PERCENT = {"ky": "#,##0\u00a0%"}


@lru_cache(maxsize=None)
def catalogue() -> dict[str, dict[str, Any]]:
    return package_data(templates_dir() / "i18n" / "messages.yaml", load_data)  # type: ignore[no-any-return]


@lru_cache(maxsize=None)
def fact_catalogue() -> dict[str, dict[str, dict[str, str]]]:
    """Titles and help of the profile's fields per language (templates/i18n/facts.yaml)."""
    return package_data(templates_dir() / "i18n" / "facts.yaml", load_data)  # type: ignore[no-any-return]


def fact_text(path: str, lang: str, key: str = "title") -> str:
    """A profile field's title or help in ``lang``; paths inside lists use the list's name."""
    entry = fact_catalogue().get(path)
    return pick(entry.get(key), lang) if entry else ""


def message(key: str, lang: str, /, **args: Any) -> str:
    """A label of the catalogue; a missing key is a bug of the templates, so it fails loudly.

    An entry with ``count: <field>`` holds, per language, the text of each CLDR plural category
    (``one``, ``few``, ``many``, ``other``); ``{field}`` placeholders are filled from ``args``,
    numbers in the language's own digits and separators.
    """
    entry = catalogue()[key]
    text = entry.get(lang) or entry["en"]
    if isinstance(text, dict):
        text = text.get(plural_category(lang, args[entry["count"]])) or text["other"]
    if args:
        text = text.format(**{k: format_number(v, lang) if _is_number(v) else v for k, v in args.items()})
    return str(text)


def plural_category(lang: str, count: Any) -> str:
    return _remembered("plural", lang, count, lambda: str(_locale(lang).plural_form(count)))


def plural_categories(lang: str) -> set[str]:
    return set(_locale(lang).plural_form.rules) | {"other"}


def pick(text: dict[str, str] | str | None, lang: str, fallback: list[str] | tuple[str, ...] = LANGUAGES) -> str:
    """One language of a playbook text, falling back to the others in order."""
    if text is None:
        return ""
    if isinstance(text, str):
        return text
    for code in (lang, *fallback):
        if text.get(code):
            return text[code]
    return next(iter(text.values()), "")


def format_date(value: date | str | None, lang: str) -> str:
    """A date as the language writes it in documents (CLDR's long form): "2020-ж., 25-август",
    "25 августа 2020 г.", "August 25, 2020"."""
    if value is None:
        return ""
    if isinstance(value, str):
        value = date.fromisoformat(value)
    return _long_date(value, lang)


@lru_cache(maxsize=4096)
def _long_date(value: date, lang: str) -> str:
    """Babel's long date, once per (day, language): a plan names the same few dozen days hundreds of times."""
    def made() -> str:
        from babel.dates import format_date as babel_date  # lazy: Babel's locale data costs start-up

        return str(babel_date(value, "long", locale=lang))
    return _remembered("date", lang, value.toordinal(), made)


def format_number(value: Any, lang: str) -> str:
    """A number with the language's decimal and group separators ("0,4" in ky and ru, "0.4" in en)."""
    if not _is_number(value):
        return str(value)

    def made() -> str:
        from babel.numbers import format_decimal  # lazy, as above

        return str(format_decimal(value, locale=lang, decimal_quantization=False, group_separator=abs(value) >= 10_000))
    return _remembered("number", lang, value, made)


def format_percent(value: float | int | None, lang: str) -> str:
    """A share in percent points (40 → "40 %" in ky and ru, "40%" in en); None → "—"."""
    if value is None:
        return "—"

    def made() -> str:
        from babel.numbers import format_percent as babel_percent  # lazy, as above

        return str(babel_percent(value / 100, format=PERCENT.get(lang), locale=lang))
    return _remembered("percent", lang, value, made)


def plural_days(n: int, lang: str) -> str:
    return message("unit.n_days", lang, n=n)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


@lru_cache(maxsize=None)
def _locale(lang: str) -> Any:
    from babel import Locale  # lazy, as above

    return Locale.parse(lang)


# -- what Babel made, kept between runs ------------------------------------------------------
# A report's dates, numbers and plural forms are Babel's (CLDR), whose import and locale data
# cost an HTML report about a fifth of its time. What it made is kept in the user's cache
# (resources.kept(): signed, named after this program and Babel's own version), so a report
# that formats only what an earlier one did never loads Babel. A value is (kind, language, type,
# value): 1 and 1.0, True and 1 are told apart; only finite numbers are kept.
_KEPT_LIMIT = 10_000
_MADE: dict[str, Any] = {"texts": None, "new": 0}


def _remembered(kind: str, lang: str, value: Any, make: Callable[[], str]) -> str:
    if not isinstance(value, (int, float)) or (isinstance(value, float) and not math.isfinite(value)):
        return make()
    texts = _kept_texts()
    key = (kind, lang, type(value).__name__, value)
    found = texts.get(key)
    if found is None:
        found = texts[key] = make()
        if len(texts) <= _KEPT_LIMIT:
            if not _MADE["new"]:
                atexit.register(_keep_texts)
            _MADE["new"] += 1
    return found  # type: ignore[no-any-return]


def _babel_version() -> bytes:
    """Babel's own version (its __init__.py's text, which names it), without importing it."""
    from importlib.util import find_spec

    spec = find_spec("babel")
    if spec is None or spec.origin is None:
        return b"no babel"
    with open(spec.origin, "rb") as fh:
        return fh.read()


def _kept_texts() -> dict[Any, str]:
    texts = _MADE["texts"]
    if texts is None:
        texts = {}
        store = resources.kept()
        body = store.get("babel", _babel_version()) if store is not None else None
        if body is not None:
            try:
                loaded = marshal.loads(body)
            except (EOFError, ValueError, TypeError):
                loaded = None
            if isinstance(loaded, dict):
                texts = loaded
        _MADE["texts"] = texts
    return texts  # type: ignore[no-any-return]


def _keep_texts() -> None:
    """At exit, when a run made texts the store did not have: all of them, for the next run."""
    texts, store = _MADE["texts"], resources.kept()
    if not _MADE["new"] or texts is None or store is None:
        return
    try:
        store.put("babel", _babel_version(), marshal.dumps(texts))
    except (OSError, ValueError):
        pass
    _MADE["new"] = 0
