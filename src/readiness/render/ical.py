"""The plan's deadlines as an iCalendar file (RFC 5545), written by hand: it is a small text format.

One all-day VEVENT per task on its due date; a task that repeats gets an RRULE. Everything is
derived from the plan, so the same plan gives the same bytes: UIDs from institution, scenario
and task ids, DTSTAMP from --today (or the term start when no --today was given).
"""
from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from ..i18n import format_date, message

CRLF = "\r\n"
LIMIT = 75  # octets per line, before the line break (RFC 5545 3.1)


def escape(text: str) -> str:
    """TEXT values (RFC 5545 3.3.11): backslash, semicolon, comma and newlines are escaped."""
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n"))


def fold(line: str) -> str:
    """Split a content line into lines of at most 75 octets, never inside a UTF-8 character."""
    out: list[str] = []
    current, size = "", 0
    limit = LIMIT
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            out.append(current)
            current, size, limit = "", 0, LIMIT - 1  # continuation lines start with a space
        current += char
        size += width
    out.append(current)
    return (CRLF + " ").join(out)


def _day(value: str | date) -> str:
    d = date.fromisoformat(value) if isinstance(value, str) else value
    return d.strftime("%Y%m%d")


def _uid_part(text: str) -> str:
    return "".join(c if c.isascii() and (c.isalnum() or c in ".-_") else "-" for c in text)


def _event(task: dict[str, Any], data: dict[str, Any], stamp: str, titles: dict[str, str]) -> list[str]:
    lang, labels = data["lang"], data["labels"]
    due = date.fromisoformat(task["due"])
    deps = "; ".join(f"{titles[d]} ({d})" for d in task["depends_on"]) or message("label.none", lang)
    description = "\n".join([
        f'{message("label.actor", lang)}: {labels["actors"][task["actor"]]}',
        f'{message("label.start", lang)}: {format_date(task["start"], lang)}',
        f'{message("label.due", lang)}: {format_date(task["due"], lang)}',
        f'{message("label.depends_on", lang)}: {deps}',
        f'{message("label.source", lang)}: {", ".join(task["source"])}',
        f'{message("label.id", lang)}: {task["id"]}',
    ])
    uid = ".".join(_uid_part(p) for p in (task["id"], data["scenario"], data["institution"]["id"])) + "@readiness"
    lines = [
        "BEGIN:VEVENT",
        f"UID:{uid}",
        f"DTSTAMP:{stamp}",
        f"DTSTART;VALUE=DATE:{_day(due)}",
        f"DTEND;VALUE=DATE:{_day(due + timedelta(days=1))}",
        f"SUMMARY;LANGUAGE={lang}:{escape(task['title'])}",
        f"DESCRIPTION;LANGUAGE={lang}:{escape(description)}",
        f"CATEGORIES:{escape(labels['areas'][task['area']])}",
        "TRANSP:TRANSPARENT",
    ]
    if task.get("repeat_days"):
        lines.append(f"RRULE:FREQ=DAILY;INTERVAL={int(task['repeat_days'])}")
    lines.append("END:VEVENT")
    return lines


def plan_ics(data: dict[str, Any]) -> bytes:
    lang = data["lang"]
    stamp = _day(data.get("today") or data["term_start"]) + "T000000Z"
    titles = {t["id"]: t["title"] for t in data["tasks"]}
    name = f'{message("plan.title", lang)}: {data["institution"]["name"]} ({data["labels"]["scenarios"][data["scenario"]]})'
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//readiness//{data['playbook']['id']} {data['playbook']['version']}//{lang.upper()}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape(name)}",
    ]
    for task in data["tasks"]:
        lines += _event(task, data, stamp, titles)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + CRLF for line in lines).encode("utf-8")
