"""The catalogue of finding codes (templates/i18n/findings.yaml), the one place a translator works.

Per code: its severity, title, meaning and fix; per message or hint (``Y001.not_found``,
``hint.did_you_mean``): its text in ky, ru and en, with ``{name}`` fields. A text may be a
mapping of CLDR plural categories (one, few, many, other) chosen by the entry's ``count`` field.
A :class:`Msg` is a key with its arguments; arguments that are themselves a :class:`Msg` (a
noun, a type word, a whole sentence) are rendered in the same language.

``python -m readiness.findings --write-docs`` rewrites the code table of docs/findings.md.
"""
from __future__ import annotations

import re
import sys
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable

from .resources import data_dir, templates_dir

LANGUAGES = ("ky", "ru", "en")
# where the code table lives online; SARIF links each rule to its anchor there
DOCS_URL = "https://readiness.kg/docs/findings.md"
DOCS_START, DOCS_END = "<!-- codes:start -->", "<!-- codes:end -->"


class Msg:
    """A catalogue key with its arguments: one message or hint, in any language on demand."""

    __slots__ = ("key", "args")

    def __init__(self, key: str, /, **args: Any) -> None:
        self.key = key
        self.args: tuple[tuple[str, Any], ...] = tuple(args.items())

    def render(self, lang: str = "en") -> str:
        return text(self.key, lang, **dict(self.args))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Msg) and (self.key, self.args) == (other.key, other.args)

    def __hash__(self) -> int:
        return hash((self.key, self.args))

    def __repr__(self) -> str:
        return f"Msg({self.key!r}{''.join(f', {k}={v!r}' for k, v in self.args)})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (_msg, (self.key, self.args))


def _msg(key: str, args: tuple[tuple[str, Any], ...]) -> Msg:
    return Msg(key, **dict(args))


@lru_cache(maxsize=None)
def catalogue() -> dict[str, Any]:
    """The catalogue as read: ``{"codes": {code: entry}, "messages": {key: entry}}`` (trusted package data).

    The command line's own texts (templates/i18n/cli.yaml: help, progress, summaries, click's
    messages) are merged into ``messages``; a key may be in one file only."""
    found = _read_yaml("findings")
    cli = _read_yaml("cli")["messages"]
    both = set(found["messages"]) & set(cli)
    assert not both, f"keys in both findings.yaml and cli.yaml: {sorted(both)}"
    found["messages"].update(cli)
    return found


def _read_yaml(name: str) -> Any:
    with open(templates_dir() / "i18n" / f"{name}.yaml", encoding="utf-8") as fh:
        import yaml  # lazy: 15 ms that a command which prints no text need not pay; read once

        return yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def codes() -> list[str]:
    return list(catalogue()["codes"])


def message_keys() -> list[str]:
    return list(catalogue()["messages"])


def severity(code: str) -> str:
    """``error`` or ``warning``; a code the catalogue lacks (a library user's own) is an error."""
    entry = catalogue()["codes"].get(code)
    return str(entry["severity"]) if entry else "error"


def title(code: str, lang: str = "en") -> str:
    return _pick(catalogue()["codes"][code]["title"], lang)


def meaning(code: str, lang: str = "en") -> str:
    return _pick(catalogue()["codes"][code]["meaning"], lang)


def fix(code: str, lang: str = "en") -> str:
    return _pick(catalogue()["codes"][code]["fix"], lang)


def help_uri(code: str) -> str:
    return f"{DOCS_URL}#{code.lower()}"


def text(key: str, lang: str = "en", /, **args: Any) -> str:
    """The text of ``key`` in ``lang`` with ``args`` filled in (a missing key is a bug: KeyError)."""
    if key == "hint.schema_description" and lang != "en":
        translated = described(str(args.get("text", "")), lang)
        if translated:
            return translated
    entry = catalogue()["messages"][key]
    template = entry.get(lang) or entry["en"]
    if isinstance(template, dict):
        count = args[entry["count"]]
        template = template.get(plural_category(lang, count)) or template["other"]
    values = {name: _arg(value, lang) for name, value in args.items()}
    return _FIELD.sub(lambda m: _format(values[m.group(1)], m.group(2) or "", lang), template)


def described(description: str, lang: str) -> str | None:
    """A schema description in ``lang``, where the catalogue of facts (facts.yaml) translates it:
    its English help of a profile field is the schema's description of that field."""
    return _descriptions().get(description, {}).get(lang)


@lru_cache(maxsize=None)
def _descriptions() -> dict[str, dict[str, str]]:
    entries = _read_yaml("facts")
    return {e["help"]["en"]: e["help"] for e in entries.values() if isinstance(e, dict) and isinstance(e.get("help"), dict)}


def plural_category(lang: str, count: Any) -> str:
    return str(_plural_rule(lang)(count))


def plural_categories(lang: str) -> set[str]:
    """The CLDR plural categories ``lang`` distinguishes ("other" always among them)."""
    return set(_plural_rule(lang).rules) | {"other"}


@lru_cache(maxsize=None)
def _plural_rule(lang: str) -> Any:
    from babel import Locale  # lazy: Babel's import costs start-up; only counted words need it

    return Locale.parse(lang).plural_form


# a field: {name} or {name:spec}; any other brace ("{ }", "'}'") is text
_FIELD = re.compile(r"\{([A-Za-z_]\w*)(?::([^{}]*))?\}")


def fields(template: str | dict[str, str]) -> set[str]:
    """The ``{name}`` fields a text (or every form of a plural text) uses."""
    forms = template.values() if isinstance(template, dict) else [template]
    return {m.group(1) for form in forms for m in _FIELD.finditer(form)}


def _arg(value: Any, lang: str) -> Any:
    if isinstance(value, Msg):
        return value.render(lang)
    if isinstance(value, tuple):
        return ", ".join(str(_arg(v, lang)) for v in value)
    return value


def _pick(texts: dict[str, str], lang: str) -> str:
    return texts.get(lang) or texts["en"]


def _format(value: Any, spec: str, lang: str) -> str:
    """A field's value; numbers with a spec (``{n:,}``, ``{size:.1f}``) in the language's own
    separators. English keeps Python's formatting, so its output stays as it always was."""
    if lang != "en" and spec and isinstance(value, (int, float)) and not isinstance(value, bool):
        from babel.numbers import format_decimal  # lazy, as above

        decimals = re.fullmatch(r"\.(\d)f", spec)
        if spec == ",":
            return str(format_decimal(value, locale=lang))
        if decimals:
            return str(format_decimal(value, format="0." + "0" * int(decimals.group(1)), locale=lang))
    return format(value, spec)


# -- docs/findings.md ---------------------------------------------------------------
def docs_table(lang: str = "en") -> str:
    """The code table of docs/findings.md, each row with an anchor that SARIF's helpUri names."""
    rows = ["| code | severity | title | meaning | how to fix |", "|---|---|---|---|---|"]
    for code in codes():
        kind = severity(code) if lang == "en" else text(_SEVERITY_WORDS[severity(code)], lang)
        rows.append(f'| {code} | {kind} | <a id="{code.lower()}"></a>{_cell(title(code, lang))} '
                    f"| {_cell(meaning(code, lang))} | {_cell(fix(code, lang))} |")
    return "\n".join(rows)


_SEVERITY_WORDS = {"error": "format.error", "warning": "format.warning"}


def _cell(value: str) -> str:
    return value.replace("|", "\\|").replace("\n", " ").strip()


def docs_path() -> Path:
    return data_dir() / "docs" / "findings.md"


def with_table(doc: str) -> str:
    """``doc`` with the part between the code-table markers replaced by :func:`docs_table`."""
    start, end = doc.index(DOCS_START) + len(DOCS_START), doc.index(DOCS_END)
    return doc[:start] + "\n" + docs_table() + "\n" + doc[end:]


def write_docs(path: Path | None = None) -> bool:
    """Rewrite the code table of docs/findings.md; True when the file changed."""
    path = path or docs_path()
    old = path.read_text(encoding="utf-8")
    new = with_table(old)
    if new != old:
        path.write_text(new, encoding="utf-8")
    return new != old


def main(argv: list[str], write: Callable[[str], object] = sys.stdout.write) -> int:
    if argv != ["--write-docs"]:
        write("usage: python -m readiness.findings --write-docs  (rewrites the code table of docs/findings.md)\n")
        return 2
    changed = write_docs()
    write(f"{docs_path()}: {'rewritten' if changed else 'already current'}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
