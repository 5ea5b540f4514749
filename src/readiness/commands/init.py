"""`readiness init`: a profile template of a set, in the chosen language.

The template is a file a person fills in: whatever an existing file holds may be their work,
so `init` never writes over an existing file without --force (not even over an earlier template).
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

from ..errors import EXIT_OK, usage_error
from ..findings import Msg
from ..render.profile_template import profile_template
from .common import Session, emit, load_set


def run(s: Session, term_start: date, today: date | None, output: Path | None, playbook_dir: Path | None = None) -> int:
    if output is not None and output.exists() and not output.is_dir() and not s.force:
        raise usage_error(str(output), "O006", Msg("O006.exists_init"), Msg("hint.force"))
    set_dir, playbook = load_set(playbook_dir)
    emit(profile_template(playbook, s.lang, term_start, today or date.today()), output, [], protected=[set_dir])
    return EXIT_OK
