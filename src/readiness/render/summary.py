"""The first result of `readiness plan` on a terminal: what a person reads at a glance.

The verdict of the scenario, how much is open and what the profile does not say, the tasks to
start this week (at most :data:`SHOWN`), and where the full report is.
"""
from __future__ import annotations

from typing import Any

from ..findings import text
from ..i18n import format_date, message
from ..safetext import safe_text

SHOWN = 7


def plan_summary(data: dict[str, Any], report_note: str) -> str:
    lang = data["lang"]
    s, v = data["summary"], data["verdict"]
    status = message("status." + v["status"], lang).upper()
    if v.get("late_by"):
        status += f" ({message('label.late_by', lang)}: {v['late_by']})"
    lines = [f'{message("plan.title", lang)}: {data["institution"]["name"]}',
             text("cli.summary_verdict", lang, scenario=data["labels"]["scenarios"][data["scenario"]], status=status)]
    counts = [text("cli.summary_open", lang, count=s["open"], finish=format_date(s["finish"], lang) or "—")]
    if s["questions"]:
        counts.append(text("cli.summary_questions", lang, count=s["questions"]))
    lines.append("; ".join(counts))
    if v.get("waived"):  # a "ready" that set something aside says so, with the reasons
        lines.append(text("cli.summary_waived", lang, tasks="; ".join(f'{w["id"]} ({w["reason"]})' for w in v["waived"])))
    lines.append("")
    lines += _this_week(data)
    lines += ["", report_note, text("cli.summary_full", lang)]
    # for a terminal: each line one line, escapes and controls of a name, a title or a file name shown as text
    return "\n".join(safe_text(line, one_line=True) for line in lines) + "\n"


def _this_week(data: dict[str, Any]) -> list[str]:
    lang = data["lang"]
    by_id = {t["id"]: t for t in data["tasks"]}
    week = [by_id[i] for i in data["this_week"] if i in by_id]
    if not week:
        return [text("cli.summary_nothing_this_week", lang)]
    out = [text("cli.summary_this_week", lang)]
    for t in week[:SHOWN]:
        flags = ", ".join(message("flag." + f, lang) for f in t["flags"] if f in ("overdue", "late", "disputed", "dated_later"))
        due = f'{message("label.due", lang).lower()} {format_date(t["due"], lang)}'
        out.append(f'  {t["order"]}. {t["title"]} ({t["id"]}) — {due}' + (f" [{flags}]" if flags else ""))
    if len(week) > SHOWN:
        out.append("  " + text("cli.summary_more", lang, count=len(week) - SHOWN))
    return out
