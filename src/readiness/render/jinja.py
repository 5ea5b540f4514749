"""Text reports through the Jinja2 templates of templates/ (autoescaped for HTML and SVG)."""
from __future__ import annotations

from functools import lru_cache
from typing import Any

from ..i18n import format_date, format_number, format_percent, message, plural_days
from ..resources import templates_dir
from . import svg


@lru_cache(maxsize=None)
def environment() -> Any:
    import jinja2  # lazy: about 20 ms of start-up, and JSON, CSV and XLSX outputs do not need it

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
    env.filters["value"] = shown
    env.filters["num"] = lambda v, lang: format_number(v, lang)
    env.filters["pct"] = lambda v, lang: format_percent(v, lang)
    env.globals["t"] = message
    _add_pictures(env)
    return env


def _add_pictures(env: Any) -> None:
    """The picture layouts (svg.py) and helpers the HTML templates draw them with."""
    env.filters["n"] = svg.num
    env.filters["status_class"] = svg.status_class
    env.globals.update(dependency_graph=svg.dependency_graph, readiness_bars=svg.readiness_bars,
                       gantt=svg.gantt, wave_columns=svg.wave_columns, color=heat_color)


def shown(v: Any, lang: str) -> Any:
    """A fact's or rule's value in words: yes/no, numbers with the language's separators, lists joined."""
    if isinstance(v, bool):
        return message("label.yes" if v else "label.no", lang)
    if isinstance(v, list):
        return ", ".join(str(shown(x, lang)) for x in v)
    if v is None:
        return message("status.unknown", lang)
    return format_number(v, lang)


def heat_color(value: float) -> str:
    """Red (0 %) through yellow to green (100 %), as an HSL colour light enough for black text."""
    return f"hsl({round(1.2 * max(0.0, min(100.0, value)))}, 65%, 62%)"


def render_template(name: str, data: dict[str, Any], **options: Any) -> str:
    """``templates/<name>`` with the report as ``d`` and its language as ``lang``."""
    return environment().get_template(name).render(d=data, lang=data["lang"], **options)  # type: ignore[no-any-return]
