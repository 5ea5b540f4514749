"""`readiness init`: a profile template generated from a set's profile schema.

Every field of the schema is written with its meaning as a comment in the chosen language (the
set's fact declarations, and the fact catalogue for the fields every set shares) and the value
``~`` (not known yet), so the template validates as it is and the plan asks for every fact
until it is filled in. A list gets its declared ``example`` as a comment.
"""
from __future__ import annotations

from datetime import date
from typing import Any

import yaml

from ..i18n import message
from ..model import Playbook
from ..safetext import safe_text


def _comment(playbook: Playbook, path: str, node: dict[str, Any], lang: str, indent: str) -> list[str]:
    title = playbook.fact_text(path, lang) or node.get("title", path)
    help_text = playbook.fact_text(path, lang, "help") or node.get("description", "")
    # a set's texts stay inside their comment: one line each, escapes and controls shown as text
    lines = [f"{indent}# " + safe_text(f"{title}" + (f": {help_text}" if help_text else ""), one_line=True)]
    values = [v for v in node.get("enum", node.get("items", {}).get("enum", [])) if v is not None]
    if values:
        lines.append(f"{indent}#   " + safe_text(" | ".join(map(str, values)), one_line=True))
    return lines


def _scalar(value: Any) -> str:
    return yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=10_000).strip().removesuffix("...").strip()


def _facts(playbook: Playbook, node: dict[str, Any], prefix: str, lang: str, depth: int) -> list[str]:
    out: list[str] = []
    indent = "  " * depth
    for name, sub in node.get("properties", {}).items():
        path = prefix + name
        out += _comment(playbook, path, sub, lang, indent)
        kind = sub.get("type")
        kinds = kind if isinstance(kind, list) else [kind]
        if "object" in kinds:
            out.append(f"{indent}{name}:")
            out += _facts(playbook, sub, path + ".", lang, depth + 1)
        elif "array" in kinds:
            for item, item_node in sub.get("items", {}).get("properties", {}).items():
                out += _comment(playbook, f"{path}.{item}", item_node, lang, indent + "  ")
            fact = playbook.facts.get(path)
            if fact is not None and fact.example is not None:
                out.append(f"{indent}#   {name}: {_scalar(fact.example)}")
            out.append(f"{indent}{name}: []")
        else:
            out.append(f"{indent}{name}: ~")
    return out


def _institution(playbook: Playbook, props: dict[str, Any], lang: str) -> list[str]:
    node = props["institution"]
    lines = _comment(playbook, "institution", node, lang, "") + ["institution:"]
    for name, sub in node["properties"].items():
        lines += _comment(playbook, f"institution.{name}", sub, lang, "  ")
        if name not in node.get("required", []):
            lines.append(f"  {name}: ~")
            continue
        value = message("init.name", lang) if name == "name" else (sub.get("examples") or [None])[0]
        lines.append(f"  {name}: {_scalar(value)}")
    return lines


def profile_template(playbook: Playbook, lang: str, term_start: date, today: date) -> str:
    props = playbook.profile_schema["properties"]
    lines = [f"# {message('init.header', lang)}", f"# {message('init.unknown', lang)}", ""]
    lines += _comment(playbook, "profile_version", props["profile_version"], lang, "") + ["profile_version: 1"]
    lines += _comment(playbook, "playbook", props["playbook"], lang, "")
    lines.append(f"playbook: {{id: {_scalar(playbook.id)}, version: {_scalar(playbook.version)}}}")
    lines += _comment(playbook, "lang", props["lang"], lang, "") + [f"lang: {lang}"]  # the profile remembers its language
    lines += _institution(playbook, props, lang)
    lines += _comment(playbook, "updated", props["updated"], lang, "") + [f"updated: {today.isoformat()}"]
    lines += _comment(playbook, "term_start", props["term_start"], lang, "") + [f"term_start: {term_start.isoformat()}"]
    lines += _comment(playbook, "scenarios", props["scenarios"], lang, "")
    lines.append(f"scenarios: {_scalar(list(playbook.scenarios))}")
    lines += _comment(playbook, "facts", props["facts"], lang, "") + ["facts:"]
    lines += _facts(playbook, props["facts"], "", lang, 1) or ["  {}"]
    task = next(iter(playbook.tasks), "task-id")
    lines += _comment(playbook, "progress", props["progress"], lang, "")
    lines += [f"#   {task}: {{status: done, date: {today.isoformat()}, evidence: \"…\"}}", "progress: {}"]
    lines += _comment(playbook, "waivers", props["waivers"], lang, "")
    lines += [f"#   - {{task: {task}, reason: \"…\"}}", "waivers: []"]
    return "\n".join(lines) + "\n"
