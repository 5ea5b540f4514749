"""The plan's deadlines as an iCalendar file (RFC 5545), written with the ``icalendar`` package.

One all-day VEVENT per task on its due date; a task that repeats gets an RRULE. Everything is
derived from the plan, so the same plan gives the same bytes: UIDs from institution, scenario
and task ids, DTSTAMP from --today (or the term start when no --today was given). The package
escapes every text value and folds every line (RFC 5545 3.1, 3.3.11): no text of a playbook or
profile (a manifest's version with a line break in it, say) can add a property or an event.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from typing import Any

from ..i18n import format_date, message


def _uid_part(text: str) -> str:
    return "".join(c if c.isascii() and (c.isalnum() or c in ".-_") else "-" for c in text)


def _event(task: dict[str, Any], data: dict[str, Any], stamp: datetime, titles: dict[str, str]) -> Any:
    import icalendar  # lazy: only the .ics output needs it

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
    event = icalendar.Event()
    event.add("uid", ".".join(_uid_part(p) for p in (task["id"], data["scenario"], data["institution"]["id"])) + "@readiness")
    event.add("dtstamp", stamp)
    event.add("dtstart", due)
    event.add("dtend", due + timedelta(days=1))
    event.add("summary", task["title"], parameters={"LANGUAGE": lang})
    event.add("description", description, parameters={"LANGUAGE": lang})
    event.add("categories", [labels["areas"][task["area"]]])
    event.add("transp", "TRANSPARENT")
    if task.get("repeat_days"):
        event.add("rrule", {"freq": "daily", "interval": int(task["repeat_days"])})
    return event


def plan_ics(data: dict[str, Any]) -> bytes:
    import icalendar  # lazy, as above

    lang = data["lang"]
    day = date.fromisoformat(data.get("today") or data["term_start"])
    stamp = datetime(day.year, day.month, day.day, tzinfo=timezone.utc)
    titles = {t["id"]: t["title"] for t in data["tasks"]}
    name = f'{message("plan.title", lang)}: {data["institution"]["name"]} ({data["labels"]["scenarios"][data["scenario"]]})'
    calendar = icalendar.Calendar()
    calendar.add("version", "2.0")
    calendar.add("prodid", f"-//readiness//{data['playbook']['id']} {data['playbook']['version']}//{lang.upper()}")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", icalendar.vText(name))  # an X- property is not escaped unless typed as text
    for task in data["tasks"]:
        calendar.add_component(_event(task, data, stamp, titles))
    return calendar.to_ical()  # type: ignore[no-any-return]
