"""Command bodies: load inputs, call the library, write the output; return an exit code.

Kept apart from cli.py so that the CLI module only parses options.
"""
from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Any

from .errors import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, ERROR
from .output import write_atomic
from .resources import default_playbook, playbooks_dir


def run_validate(paths: list[Path], playbook_dir: Path | None, fmt: str, strict: bool) -> int:
    from .reporters import REPORTERS
    from .validate import validate_paths

    result = validate_paths(paths or [playbooks_dir()], playbook_dir)
    failing = [d for d in result.diagnostics if d.severity == ERROR or strict]
    sys.stdout.write(REPORTERS[fmt](result))
    if fmt == "text":
        sys.stderr.write(f"{result.files} files checked: {result.errors} errors, {result.warnings} warnings\n")
    if result.usage_error:
        return EXIT_USAGE
    return EXIT_FINDINGS if failing else EXIT_OK


def run_report(kind: str, profile_path: Path, playbook_dir: Path | None, fmt: str, lang: str | None,
               output: Path | None, **options: Any) -> int:
    from .cache import load_cached_playbook
    from .profile import load_profile

    set_dir = playbook_dir or default_playbook()
    playbook = load_cached_playbook(set_dir)
    profile = load_profile(profile_path, playbook)
    lang = lang or playbook.languages[0]
    data = build_report(kind, playbook, profile, lang, **options)
    from .render import render

    text = render(kind, data, fmt)
    if output is None:
        if isinstance(text, bytes):
            sys.stdout.flush()
            sys.stdout.buffer.write(text)
        else:
            sys.stdout.write(text)
    else:
        inputs = [profile_path, *set_dir.glob("*.yaml")]
        write_atomic(output, text, inputs)
    return EXIT_OK


def build_report(kind: str, playbook: Any, profile: Any, lang: str, scenario: str | None = None,
                 scenarios: list[str] | None = None, role: str | None = None, today: date | None = None) -> dict[str, Any]:
    """The report ``kind`` as a JSON-ready dict (the library entry point behind the commands)."""
    from . import report

    if kind == "plan":
        from .plan import make_plan

        return report.plan_dict(make_plan(playbook, profile, scenario or "", today or date.today()), lang)
    if kind == "gaps":
        from .gaps import make_gaps

        return report.gaps_dict(make_gaps(playbook, profile, scenarios), lang)
    from .checklist import make_checklist

    return report.checklist_dict(make_checklist(playbook, profile, scenario or "", role or "", today or date.today()), lang)
