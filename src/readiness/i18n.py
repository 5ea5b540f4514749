"""The message catalogue (templates/i18n/messages.yaml) and language-aware formatting.

Month names, the order of a date's parts, decimal and group separators, percentages and plural
categories all come from CLDR through Babel (imported lazily: the commands that print no date
or number do not pay for it). One deliberate departure, in :data:`PERCENT`: see there.
"""
from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import Any

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
    return str(_locale(lang).plural_form(count))


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
    from babel.dates import format_date as babel_date  # lazy: Babel's locale data costs start-up

    return str(babel_date(value, "long", locale=lang))


def format_number(value: Any, lang: str) -> str:
    """A number with the language's decimal and group separators ("0,4" in ky and ru, "0.4" in en)."""
    if not _is_number(value):
        return str(value)
    from babel.numbers import format_decimal  # lazy, as above

    return str(format_decimal(value, locale=lang, decimal_quantization=False, group_separator=abs(value) >= 10_000))


def format_percent(value: float | int | None, lang: str) -> str:
    """A share in percent points (40 → "40 %" in ky and ru, "40%" in en); None → "—"."""
    if value is None:
        return "—"
    from babel.numbers import format_percent as babel_percent  # lazy, as above

    return str(babel_percent(value / 100, format=PERCENT.get(lang), locale=lang))


def plural_days(n: int, lang: str) -> str:
    return message("unit.n_days", lang, n=n)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


@lru_cache(maxsize=None)
def _locale(lang: str) -> Any:
    from babel import Locale  # lazy, as above

    return Locale.parse(lang)
