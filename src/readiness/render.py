"""Rendering report dicts: JSON directly, text formats through Jinja2 templates (templates/)."""
from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from .i18n import format_date, message, plural_days

# Output formats per report kind. A text format is rendered by templates/<kind>.<format>.j2;
# other formats register a function in RENDERERS that returns str or bytes.
FORMATS: dict[str, tuple[str, ...]] = {
    "plan": ("md", "json", "html", "csv", "xlsx", "ics"),
    "gaps": ("md", "json", "html", "csv", "xlsx"),
    "checklist": ("md", "json", "html", "csv"),
    "explain": ("md", "json"),
    "compare": ("md", "json"),
}
# Binary formats: refused on a terminal's standard output.
BINARY = frozenset({"xlsx"})


def _lazy(module: str, name: str) -> Any:
    """A renderer imported on first use, so that `readiness plan --format md` never loads xlsxwriter."""
    def call(data: dict[str, Any]) -> str | bytes:
        from importlib import import_module

        return getattr(import_module(f"readiness.{module}"), name)(data)  # type: ignore[no-any-return]

    return call


RENDERERS: dict[tuple[str, str], Any] = {
    ("plan", "csv"): _lazy("tabular", "plan_csv"),
    ("gaps", "csv"): _lazy("tabular", "gaps_csv"),
    ("checklist", "csv"): _lazy("tabular", "checklist_csv"),
    ("plan", "xlsx"): _lazy("tabular", "plan_xlsx"),
    ("gaps", "xlsx"): _lazy("tabular", "gaps_xlsx"),
    ("plan", "ics"): _lazy("ical", "plan_ics"),
}


def formats_for(kind: str) -> tuple[str, ...]:
    return FORMATS[kind]


def to_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


@lru_cache(maxsize=None)
def environment() -> Any:
    import jinja2  # lazy: only text formats need it

    from .resources import templates_dir

    env = jinja2.Environment(
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
    env.filters["cell"] = lambda text: str(text).replace("|", "\\|").replace("\n", " ")
    env.filters["op"] = lambda op: {">=": "≥", "<=": "≤", "==": "="}.get(op, op)
    env.filters["value"] = lambda v, lang: message("label.yes" if v else "label.no", lang) if isinstance(v, bool) else v
    env.globals["t"] = message
    _add_pictures(env)
    return env


def _add_pictures(env: Any) -> None:
    """The picture layouts (svg.py) and helpers the HTML templates draw them with."""
    from . import svg

    env.filters["n"] = svg.num
    env.filters["status_class"] = svg.status_class
    env.globals.update(dependency_graph=svg.dependency_graph, readiness_bars=svg.readiness_bars,
                       gantt=svg.gantt, wave_columns=svg.wave_columns)


def render(kind: str, data: dict[str, Any], fmt: str) -> str | bytes:
    if fmt == "json":
        return to_json(data)
    custom = RENDERERS.get((kind, fmt))
    if custom is not None:
        return custom(data)  # type: ignore[no-any-return]
    template = environment().get_template(f"{kind}.{fmt}.j2")
    return template.render(d=data, lang=data["lang"])  # type: ignore[no-any-return]
