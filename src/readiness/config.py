"""The user's settings (``.readiness.yaml``) and the choice of language.

As yamllint and ansible-lint do, the settings file is looked for in the current folder and
then in each folder above it; the first one found counts. Its schema is
``schemas/config.schema.json`` (``readiness schema config``):

    lang: ru              # language of messages and reports (ky, ru, en)
    strict: true          # warnings fail as errors do (as --strict)
    ignore: [R010]        # warnings never reported
    enable: [P002, P007]  # when given, the only warnings reported

Errors cannot be ignored: a file with an error cannot be used. ``READINESS_CONFIG=path`` uses
that file instead of searching, and ``READINESS_CONFIG=`` (empty) uses none.

The language is, in this order: ``--lang``; the ``lang:`` of the profile the command reads;
the settings file's ``lang``; the locale (``LC_ALL``, then ``LC_MESSAGES``, then ``LANG``:
``ru_RU.UTF-8`` → ru, ``ky_KG`` → ky, ``en_GB`` → en); else Kyrgyz, the source's language.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Mapping

from . import findings, schema
from .errors import ERROR, Diagnostic, ReadinessError, UsageError
from .findings import Msg
from .i18n import LANGUAGES
from .io.files import display_name, peek
from .io.yaml import load_file
from .suggest import Suggest

CONFIG_NAME = ".readiness.yaml"
DEFAULT_LANG = "ky"
LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")
# a profile's top-level `lang: ru`, read without parsing the file (it may be the file that fails)
_PROFILE_LANG = re.compile(rb"^lang:[ \t]*['\"]?(ky|ru|en)['\"]?[ \t]*(?:#.*)?$", re.M)


@dataclass(frozen=True)
class Config:
    path: Path | None = None
    lang: str | None = None
    strict: bool = False
    ignore: frozenset[str] = field(default_factory=frozenset)
    enable: frozenset[str] | None = None

    def shows(self, d: Diagnostic) -> bool:
        """Whether a finding is reported: errors always; warnings unless ignored or not enabled."""
        if d.severity == ERROR:
            return True
        return d.code not in self.ignore and (self.enable is None or d.code in self.enable)

    def keep(self, diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
        return [d for d in diagnostics if self.shows(d)]


def find_config(start: Path | None = None) -> Path | None:
    """``.readiness.yaml`` in ``start`` (default: the current folder) or the nearest folder above;
    ``READINESS_CONFIG`` names another file instead (empty: no settings file, as the tests use)."""
    chosen = os.environ.get("READINESS_CONFIG")
    if chosen is not None:
        return Path(chosen) if chosen else None
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / CONFIG_NAME
        if candidate.is_file():
            return candidate
    return None


def load_config(start: Path | None = None) -> Config:
    """The settings in force; a settings file with a mistake is a usage error (exit 2)."""
    path = find_config(start)
    return Config() if path is None else _read(str(path))


def _read(name: str) -> Config:
    path = Path(name)
    try:
        doc = load_file(path, display_name(path))
    except ReadinessError as exc:
        raise UsageError(exc.diagnostics) from None
    problems = schema.check(doc, "config")
    if not problems:
        problems = [doc.diag((key, i), "F001", Msg("F001.unknown_code", code=code), _known_code(code))
                    for key in ("ignore", "enable") for i, code in enumerate(doc.data.get(key) or [])
                    if code not in findings.codes()]
        problems += [doc.diag(("ignore", i), "F001", Msg("F001.error_ignored", code=code), Msg("hint.fix_errors"))
                     for i, code in enumerate(doc.data.get("ignore") or [])
                     if code in findings.codes() and findings.severity(code) == ERROR]
    if problems:
        raise UsageError(problems)
    data = doc.data or {}
    return Config(path, data.get("lang"), bool(data.get("strict", False)), frozenset(data.get("ignore") or ()),
                  frozenset(data["enable"]) if "enable" in data else None)


def _known_code(code: str) -> Msg:
    close = Suggest(findings.codes())(code, 0.5)
    return Msg("hint.did_you_mean", name=close) if close else Msg("hint.see_codes")


def locale_lang(environ: Mapping[str, str] | None = None) -> str | None:
    """The language of the POSIX locale, when it is one of ours (``C`` and ``POSIX`` are none)."""
    env = os.environ if environ is None else environ
    for variable in LOCALE_VARIABLES:
        value = env.get(variable, "")
        if value:
            code = re.split(r"[_.@-]", value, maxsplit=1)[0].lower()
            return code if code in LANGUAGES else None
    return None


def profile_lang(paths: Iterable[Path | str]) -> str | None:
    """The ``lang:`` of the first of ``paths`` that is a profile saying one."""
    for path in paths:
        head = peek(path, 64 * 1024)
        found = _PROFILE_LANG.search(head) if head else None
        if found:
            return found.group(1).decode()
    return None


def choose_lang(option: str | None, profiles: Iterable[Path | str] = (), config: Config | None = None,
                environ: Mapping[str, str] | None = None) -> str:
    """The language by the order in this module's docstring."""
    return (option or profile_lang(profiles) or (config.lang if config else None)
            or locale_lang(environ) or DEFAULT_LANG)
