"""`readiness init`: a profile template of a set, in the chosen language."""
from __future__ import annotations

from datetime import date
from pathlib import Path

from ..errors import EXIT_OK
from ..render.profile_template import profile_template
from .common import emit, load_set


def run(lang: str, term_start: date, today: date | None, output: Path | None, playbook_dir: Path | None = None) -> int:
    set_dir, playbook = load_set(playbook_dir)
    emit(profile_template(playbook, lang, term_start, today or date.today()), output, [*set_dir.glob("*.yaml")])
    return EXIT_OK
