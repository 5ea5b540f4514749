"""The message catalogue (templates/i18n/messages.yaml) and language-aware formatting."""
from __future__ import annotations

from datetime import date
from functools import lru_cache

from .io.yaml import load_file
from .resources import templates_dir

LANGUAGES = ("ky", "ru", "en")

_MONTHS = {
    "ky": ["январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь", "октябрь", "ноябрь", "декабрь"],
    "ru": ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября", "ноября", "декабря"],
    "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"],
}


@lru_cache(maxsize=None)
def catalogue() -> dict[str, dict[str, str]]:
    return load_file(templates_dir() / "i18n" / "messages.yaml").data  # type: ignore[no-any-return]


@lru_cache(maxsize=None)
def fact_catalogue() -> dict[str, dict[str, dict[str, str]]]:
    """Titles and help of the profile's fields per language (templates/i18n/facts.yaml)."""
    return load_file(templates_dir() / "i18n" / "facts.yaml").data  # type: ignore[no-any-return]


def fact_text(path: str, lang: str, key: str = "title") -> str:
    """A profile field's title or help in ``lang``; paths inside lists use the list's name."""
    entry = fact_catalogue().get(path)
    return pick(entry.get(key), lang) if entry else ""


def message(key: str, lang: str) -> str:
    """A label of the catalogue; a missing key is a bug of the templates, so it fails loudly."""
    entry = catalogue()[key]
    return entry.get(lang) or entry["en"]


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
    if value is None:
        return ""
    if isinstance(value, str):
        value = date.fromisoformat(value)
    if lang == "ky":
        return f"{value.day}-{_MONTHS['ky'][value.month - 1]} {value.year}-ж."
    if lang == "ru":
        return f"{value.day} {_MONTHS['ru'][value.month - 1]} {value.year} г."
    return f"{value.day} {_MONTHS['en'][value.month - 1]} {value.year}"


def plural_days(n: int, lang: str) -> str:
    if lang == "ru":
        forms = ("день", "дня", "дней")
        k = n % 100
        if 11 <= k <= 14:
            return f"{n} {forms[2]}"
        return f"{n} {forms[0] if n % 10 == 1 else forms[1] if 2 <= n % 10 <= 4 else forms[2]}"
    if lang == "ky":
        return f"{n} күн"
    return f"{n} day" + ("" if n == 1 else "s")

