"""`readiness init`: a profile template generated from the profile schema.

Every fact of the schema is written with its meaning as a comment in the chosen
language (templates/i18n/facts.yaml) and the value ``~`` (not known yet), so the template
validates as it is and the plan asks for every fact until it is filled in.
"""
from __future__ import annotations

from datetime import date
from typing import Any

import yaml

from ..i18n import fact_catalogue, message, pick
from ..schema import load_schema

PLACEHOLDERS = {"institution.id": "my-institution", "institution.type": "secondary"}
EXAMPLE_ROOMS = 'rooms: [{id: "101", kind: classroom, area_m2: 48, count: 12}, {id: hall, kind: lecture_hall, area_m2: 150}]'


def _comment(path: str, node: dict[str, Any], lang: str, indent: str) -> list[str]:
    entry = fact_catalogue().get(path, {})
    title = pick(entry.get("title"), lang) or node.get("title", path)
    help_text = pick(entry.get("help"), lang) or node.get("description", "")
    lines = [f"{indent}# {title}" + (f": {help_text}" if help_text else "")]
    values = [v for v in node.get("enum", []) if v is not None]
    if values:
        lines.append(f"{indent}#   {' | '.join(map(str, values))}")
    return lines


def _scalar(value: Any) -> str:
    return yaml.safe_dump(value, allow_unicode=True, default_flow_style=True).strip().removesuffix("...").strip()


def _facts(node: dict[str, Any], prefix: str, lang: str, depth: int) -> list[str]:
    out: list[str] = []
    indent = "  " * depth
    for name, sub in node.get("properties", {}).items():
        path = prefix + name
        out += _comment(path, sub, lang, indent)
        kind = sub.get("type")
        kinds = kind if isinstance(kind, list) else [kind]
        if "object" in kinds:
            out.append(f"{indent}{name}:")
            out += _facts(sub, path + ".", lang, depth + 1)
        elif "array" in kinds:
            for item, item_node in sub.get("items", {}).get("properties", {}).items():
                out += _comment(f"{path}.{item}", item_node, lang, indent + "  ")
            out.append(f"{indent}#   {EXAMPLE_ROOMS}")
            out.append(f"{indent}{name}: []")
        else:
            out.append(f"{indent}{name}: ~")
    return out


def profile_template(lang: str, term_start: date, today: date) -> str:
    schema = load_schema("profile")
    props = schema["properties"]
    lines = [f"# {message('init.header', lang)}", f"# {message('init.unknown', lang)}", ""]
    lines += _comment("profile_version", props["profile_version"], lang, "") + ["profile_version: 1"]
    lines += _comment("lang", props["lang"], lang, "") + [f"lang: {lang}"]  # the profile remembers its language
    lines += _comment("institution", props["institution"], lang, "") + ["institution:"]
    for name, sub in props["institution"]["properties"].items():
        path = f"institution.{name}"
        lines += _comment(path, sub, lang, "  ")
        required = name in props["institution"].get("required", [])
        value = PLACEHOLDERS.get(path, message("init.name", lang) if name == "name" else None)
        lines.append(f"  {name}: {_scalar(value) if required else '~'}")
    lines += _comment("updated", props["updated"], lang, "") + [f"updated: {today.isoformat()}"]
    lines += _comment("term_start", props["term_start"], lang, "") + [f"term_start: {term_start.isoformat()}"]
    lines += _comment("scenarios", props["scenarios"], lang, "") + ["scenarios: [distance, blended, traditional]"]
    lines += _comment("facts", props["facts"], lang, "") + ["facts:"]
    lines += _facts(props["facts"], "", lang, 1)
    lines += _comment("progress", props["progress"], lang, "")
    lines += ["#   hr.staffing-table: {status: done, date: 2020-07-20, evidence: \"…\"}", "progress: {}"]
    lines += _comment("waivers", props["waivers"], lang, "")
    lines += ["#   - {task: avn.specialities-groups, reason: \"…\"}", "waivers: []"]
    return "\n".join(lines) + "\n"
