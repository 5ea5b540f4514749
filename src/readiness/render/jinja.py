"""Text reports through the Jinja2 templates of templates/: autoescaped for HTML and SVG,
escaped for Markdown by :mod:`.markdown` (every printed value of a ``.md.j2`` template)."""
from __future__ import annotations

from functools import lru_cache
from types import FunctionType
from typing import Any, Iterator

from ..i18n import format_date, format_number, format_percent, message, plural_days
from ..load.cache import signed_store
from ..resources import templates_dir
from . import svg


@lru_cache(maxsize=None)
def environment(markdown: bool = False) -> Any:
    """The templates' environment; ``markdown``: the one whose every printed value is marked
    for escaping (see :mod:`.markdown`)."""
    import jinja2  # lazy: about 20 ms of start-up, and JSON, CSV and XLSX outputs do not need it

    env = _environment_class(jinja2)(
        bytecode_cache=_bytecode_cache(jinja2),
        loader=jinja2.FileSystemLoader(str(templates_dir())),
        # by the last suffix: "plan.html.j2" ends in .j2, so the .j2 names are listed too
        autoescape=jinja2.select_autoescape(["html", "htm", "svg", "html.j2", "svg.j2"]),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["date"] = lambda value, lang: format_date(value, lang)
    env.filters["days"] = lambda n, lang: plural_days(n, lang)
    # a table cell: one line (the Markdown escaping of every value takes care of "|")
    env.filters["cell"] = lambda text: " ".join(str(text).splitlines())
    env.filters["op"] = lambda op: {">=": "≥", "<=": "≤", "==": "="}.get(op, op)
    env.filters["value"] = shown
    env.filters["shown"] = shown_fact
    env.filters["num"] = lambda v, lang: format_number(v, lang)
    env.filters["pct"] = lambda v, lang: format_percent(v, lang)
    env.globals["t"] = message
    if markdown:
        _mark_values(env)
    _add_pictures(env)
    env.context_class = _context_class(jinja2, frozenset(v for v in env.globals.values() if isinstance(v, FunctionType)))
    return env


def _mark_values(env: Any) -> None:
    """The Markdown environment's marking of printed values (an HTML report does not import
    :mod:`.markdown`: with the ``html`` module it takes, 2 ms of its start-up)."""
    from .markdown import Trusted, mark

    env.finalize = mark
    env.filters["markup"] = Trusted  # markup a template itself makes, printed as it is: never for data


def _environment_class(jinja2: Any) -> Any:
    """Jinja2's environment, with ``x.name`` on a plain dict looked up as the key it always is in
    a report. Jinja2 tries the attribute first, and a dict's failed attribute lookup (an exception
    raised and caught) was a fifth of an HTML plan's rendering. A name that is an attribute of
    dict (``items``, ``update``) still goes Jinja2's way, so every lookup gives what it gave."""

    class ReportEnvironment(jinja2.Environment):  # type: ignore[misc, name-defined]
        def getattr(self, obj: Any, attribute: str) -> Any:
            if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
                try:
                    return obj[attribute]
                except KeyError:
                    return self.undefined(obj=obj, name=attribute)
            try:  # Jinja2's own way, written out rather than a call to super(): one frame less per lookup
                return getattr(obj, attribute)
            except AttributeError:
                pass
            try:
                return obj[attribute]
            except (TypeError, LookupError, AttributeError):
                return self.undefined(obj=obj, name=attribute)

    return ReportEnvironment


_DICT_ATTRIBUTES = frozenset(dir(dict))


def _context_class(jinja2: Any, plain: frozenset[Any]) -> Any:
    """Jinja2's template context, calling this module's own helpers (``t`` and the pictures:
    plain functions, none asking for the context) straight away. Jinja2 asks every callable
    whether it wants the context, the environment or the evaluation context before each call:
    ``t()`` alone was called some 500 times per HTML plan, at 1.9 µs a call against 0.8."""

    class ReportContext(jinja2.runtime.Context):  # type: ignore[misc, name-defined]
        def call(__self, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805 (Jinja2's own signature)
            if type(__obj) is FunctionType and __obj in plain:  # never hashes another kind of callable (an undefined one)
                if kwargs:  # in a loop or a block Jinja2 passes its variables, for a callable that takes the context
                    kwargs.pop("_block_vars", None)
                    kwargs.pop("_loop_vars", None)
                return __obj(*args, **kwargs)
            return super().call(__obj, *args, **kwargs)

    return ReportContext


def _bytecode_cache(jinja2: Any) -> Any:
    """Compiled templates kept in the user's cache like compiled sets, signed with the user's key
    (bytecode runs as code, so it is never taken from a file anyone else could write): an HTML
    report no longer compiles its three templates on every run."""
    store = signed_store()
    if store is None:
        return None

    class SignedBytecode(jinja2.BytecodeCache):  # type: ignore[misc, name-defined]
        def load_bytecode(self, bucket: Any) -> None:
            data = store.get(f"jinja-{bucket.key}.bytecode")
            if data is not None:
                bucket.bytecode_from_string(data)

        def dump_bytecode(self, bucket: Any) -> None:
            store.put(f"jinja-{bucket.key}.bytecode", bucket.bytecode_to_string())

    return SignedBytecode()


def _add_pictures(env: Any) -> None:
    """The picture layouts (svg.py) and helpers the HTML templates draw them with."""
    env.filters["n"] = svg.num
    env.globals.update(graph_svg=svg.graph_svg, timeline_svg=svg.timeline_svg, timeline_range=svg.timeline_range,
                       readiness_bars=svg.readiness_bars, wave_columns=svg.wave_columns, color=heat_color)


def shown(v: Any, lang: str) -> Any:
    """A fact's or rule's value in words: yes/no, numbers with the language's separators, lists joined."""
    if isinstance(v, bool):
        return message("label.yes" if v else "label.no", lang)
    if isinstance(v, list):
        return ", ".join(str(shown(x, lang)) for x in v)
    if v is None:
        return message("status.unknown", lang)
    return format_number(v, lang)


def shown_fact(v: Any, lang: str) -> Any:
    """A fact's value as the HTML reports print it: a list's items joined, "—" for one not
    known; a value not known at all in words (the Markdown reports' macro ``shown`` does the
    same, escaping each part)."""
    if v is None:
        return message("status.unknown", lang)
    if isinstance(v, (list, tuple, dict)):  # what Jinja2's "sequence" is among a report's values
        return ", ".join("—" if x is None else str(shown(x, lang)) for x in v)
    return shown(v, lang)


def heat_color(value: float) -> str:
    """Red (0 %) through yellow to green (100 %), as an HSL colour light enough for black text."""
    return f"hsl({round(1.2 * max(0.0, min(100.0, value)))}, 65%, 62%)"


def stream_template(name: str, data: dict[str, Any], **options: Any) -> Iterator[str]:
    """An HTML template's text in pieces, made as they are read: a report whose long lists are
    :class:`~readiness.rows.Rows` is never held whole as text (a Markdown page is escaped whole:
    :func:`render_template`)."""
    return environment().get_template(name).generate(d=data, lang=data["lang"], **options)  # type: ignore[no-any-return]


def render_template(name: str, data: dict[str, Any], **options: Any) -> str:
    """``templates/<name>`` with the report as ``d`` and its language as ``lang``."""
    if not name.endswith(".md.j2"):
        return environment().get_template(name).render(d=data, lang=data["lang"], **options)  # type: ignore[no-any-return]
    # no control character is left in a value (registry.render made the report safe): they are the marks of values
    page = environment(markdown=True).get_template(name).render(d=data, lang=data["lang"], **options)
    from .markdown import escape_marked  # lazy: see _mark_values

    return escape_marked(page)
