"""`readiness migrate`: an old profile rewritten to a set's current facts, and what changed."""
from __future__ import annotations

import sys
from pathlib import Path

from ..errors import EXIT_FINDINGS, EXIT_OK, usage_error
from ..findings import Msg
from ..i18n import message
from ..io.files import display_name
from ..io.write import write_atomic
from ..safetext import safe_text
from ..load.migrate import Migration, migrate
from ..load.renames import RETIRED, SUPERSEDED, UNMAPPED
from .common import Session, load_set, set_files


def run(profile: Path, playbook_dir: Path | None, output: Path | None, in_place: bool, s: Session) -> int:
    """Print the migrated profile, or write it to ``output`` (an existing file only with ``force``)
    or over ``profile`` (``in_place``); the changes go to standard error. Exit 1 when a fact of
    the profile could not be mapped (the output is written all the same)."""
    if in_place and output is not None:
        raise usage_error("--in-place", "O007", Msg("O007.in_place_and_output"), Msg("hint.one_destination"))
    if output is not None and output.exists() and not s.force:
        raise usage_error(str(output), "O007", Msg("O007.output_exists"), Msg("hint.use_force"))
    set_dir, playbook = load_set(playbook_dir)
    result = migrate(profile, playbook)
    if not result.profile:
        raise usage_error(str(profile), "O007", Msg("O007.not_a_profile"), Msg("hint.name_a_profile"))
    # never over the profile read (-o), nor over any file of the set (a profile kept in it included)
    if in_place:
        write_atomic(profile, result.text, (), [set_dir])
    elif output is not None:
        write_atomic(output, result.text, [profile, *set_files(set_dir)], [set_dir])
    else:
        sys.stdout.write(result.text)
    sys.stderr.write(report(result, display_name(profile), playbook.id, playbook.version, s.lang))
    return EXIT_FINDINGS if result.unmapped else EXIT_OK


def report(result: Migration, name: str, set_id: str, version: str, lang: str) -> str:
    """One line per change, in ``lang``: what moved, what was removed, what was left to do by hand."""
    lines = []
    for c in result.changes:
        if c.kind == RETIRED:
            lines.append(f"{message('migrate.removed', lang)}: {c.old_path} ({message('migrate.retired_in', lang)} {c.version})")
        elif c.kind == SUPERSEDED:
            lines.append(f"{message('migrate.removed', lang)}: {c.old_path} ({message('migrate.superseded', lang)}: {c.new_path})")
        elif c.kind != UNMAPPED:
            lines.append(f"{message('migrate.renamed', lang)}: {c.old_path} → {c.new_path}")
    if not lines:
        lines.append(message("migrate.nothing", lang))
    lines += [f"{message('migrate.not_mapped', lang)}: {path}" for path in result.unmapped]
    before = " ".join(str(result.written_for.get(k, "")) for k in ("id", "version")).strip() or "—"
    lines.append(f"{message('migrate.playbook', lang)}: {before} → {set_id} {version}")
    return "".join(safe_text(f"{name}: {line}", one_line=True) + "\n" for line in lines)  # ids and keys from the profile: text
