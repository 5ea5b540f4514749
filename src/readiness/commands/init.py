"""`readiness init`: a profile template in the chosen language."""
from __future__ import annotations

from datetime import date
from pathlib import Path

from ..errors import EXIT_OK
from ..render.profile_template import profile_template
from .common import emit


def run(lang: str, term_start: date, today: date | None, output: Path | None) -> int:
    emit(profile_template(lang, term_start, today or date.today()), output, [])
    return EXIT_OK
