"""The web pages' words (templates/serve/messages.yaml), falling back to the reports' catalogue."""
from __future__ import annotations

from functools import lru_cache

from ..i18n import LANGUAGES, catalogue
from ..io.yaml import load_data
from ..resources import templates_dir

DEFAULT_LANG = "ky"


@lru_cache(maxsize=None)
def serve_catalogue() -> dict[str, dict[str, str]]:
    return load_data(templates_dir() / "serve" / "messages.yaml")  # type: ignore[no-any-return]


def t(key: str, lang: str, **fields: object) -> str:
    """A label in ``lang``: the pages' own catalogue first, then the reports' one (``label.task``,
    ``status.done``); a missing key is a bug of the templates, so it fails loudly."""
    entry = serve_catalogue().get(key) or catalogue()[key]
    text = entry.get(lang) or entry["en"]
    return text.format(**fields) if fields else text


def known(key: str) -> bool:
    return key in serve_catalogue() or key in catalogue()


def status_word(status: str, lang: str) -> str:
    """A status the engine gives, in words: ``status.<status>`` of the catalogue, else as it is
    (the verdicts' new statuses get their words with their own change)."""
    return t(f"status.{status}", lang) if known(f"status.{status}") else status.replace("_", " ")


def language(value: str | None) -> str | None:
    return value if value in LANGUAGES else None
