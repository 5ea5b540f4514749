"""`readiness validate`: every finding for playbook sets and profiles, as one sorted list."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from ..errors import ERROR, Diagnostic, ReadinessError, capped
from ..findings import Msg
from ..io.files import MAX_BYTES, display_name, read_bytes, yaml_files
from ..model import Playbook
from ..resources import default_playbook
from ..runtime import gc_paused
from .elements import EXAMPLES, TESTS
from .playbook import check_playbook
from .profile import check_profile


@dataclass
class Result:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    checked: list[str] = field(default_factory=list)
    usage_error: bool = False

    @property
    def files(self) -> int:
        return len(self.checked)

    @property
    def errors(self) -> int:
        return sum(1 for d in self.diagnostics if d.severity == ERROR)

    @property
    def warnings(self) -> int:
        return len(self.diagnostics) - self.errors


_PLAYBOOK_KEY = re.compile(r"^(manifest|tasks|risks|requirements|actors|areas|scenarios|sources|derived|params):", re.M)
# keys only a profile has at its top (a profile has `scenarios:` too: that alone says nothing)
_PROFILE_KEY = re.compile(r"^(profile_version|institution|term_start|facts|progress|waivers):", re.M)


def is_set(path: Path) -> bool:
    return path.is_dir() and (path / "manifest.yaml").is_file()


def looks_like_set(path: Path) -> bool:
    """A folder of playbook files whose manifest is missing: checked as a set, so it says so.
    A folder of profiles (examples/) is not one."""
    for file in yaml_files(path):
        try:
            head = read_bytes(file, limit=MAX_BYTES).decode("utf-8", errors="replace")[:200_000]
        except ReadinessError:
            continue  # unreadable, not a file, too large: the real reading says why
        if _PLAYBOOK_KEY.search(head) and not _PROFILE_KEY.search(head):
            return True
    return False


def validate_paths(paths: list[Path], playbook_dir: Path | None = None) -> Result:
    """Findings for each path: a set, a folder of sets (with their examples), or profile files."""
    return validate_jobs(jobs(paths), playbook_dir)


def validate_jobs(todo: list[tuple[str, Path]], playbook_dir: Path | None = None,
                  progress: Callable[[Path], None] | None = None) -> Result:
    """Findings for each job of :func:`jobs`; ``progress`` is called after each, for a progress bar."""
    result = Result()
    default: list[Playbook | None] = []  # loaded once, on first need
    for kind, path in todo:
        try:
            if kind == "set":
                _validate_set(path, result)
            elif kind == "empty":
                result.usage_error = True
                result.diagnostics.append(Diagnostic.of(display_name(path), 0, 0, "Y001", Msg("Y001.nothing_to_check"),
                                                        Msg("hint.what_to_check")))
            elif kind == "example" and playbook_dir is None:
                _validate_profile(path, check_playbook(path.parent.parent)[0], result)  # against its own set
            else:
                _validate_profile(path, _default(playbook_dir, result, default), result)
        except ReadinessError as exc:
            result.diagnostics.extend(exc.diagnostics)
            result.usage_error = result.usage_error or exc.exit_code == 2
        if progress is not None:
            progress(path)
    result.diagnostics = capped(sorted(set(result.diagnostics)))
    result.checked = sorted(set(result.checked))
    return result


def jobs(paths: list[Path]) -> list[tuple[str, Path]]:
    """What to check for each path given: ("set", folder), ("profile", file) or ("empty", folder)."""
    out: list[tuple[str, Path]] = []
    for path in paths:
        if is_set(path):
            out.append(("set", path))
        elif path.is_dir():
            sets = sorted(p for p in path.iterdir() if is_set(p))
            profiles = yaml_files(path)
            if not sets and looks_like_set(path):
                sets = [path]
            out += [("set", p) for p in sets] or [("profile", p) for p in profiles] or [("empty", path)]
        elif path.suffix in (".yaml", ".yml") and is_set(path.parent):
            out.append(("set", path.parent))  # a file of a set (as pre-commit passes them): check its set
        elif _tests_of(path) is not None:
            out.append(("set", _tests_of(path)))  # a test case or its profile: `readiness test` runs them; check the set
        elif path.parent.name == EXAMPLES and is_set(path.parent.parent):
            out.append(("example", path))  # an example profile of a set: checked against that set
        else:
            out.append(("profile", path))
    return list(dict.fromkeys(out))


def _tests_of(path: Path) -> Path | None:
    """The set whose tests/ folder holds ``path`` (directly, or in a sub-folder such as profiles/)."""
    for folder in path.parents:
        if folder.name == TESTS and is_set(folder.parent):
            return folder.parent
    return None


def _default(playbook_dir: Path | None, result: Result, cache: list[Playbook | None]) -> Playbook | None:
    if not cache:
        pb, findings = check_playbook(playbook_dir or default_playbook())
        if playbook_dir is not None:
            result.diagnostics.extend(findings)
        cache.append(pb)
    return cache[0]


def _validate_set(path: Path, result: Result) -> None:
    # the collector stays paused until the set's data is freed: resumed earlier, its first
    # collection would walk every object of a large set (0.15 s of 10,000 tasks)
    with gc_paused():
        playbook, findings = check_playbook(path)
        result.checked.extend(display_name(p) for p in yaml_files(path))
        result.diagnostics.extend(findings)
        examples = path / EXAMPLES
        if examples.is_dir():
            for profile in yaml_files(examples):
                _validate_profile(profile, playbook, result)
        del playbook


def _validate_profile(path: Path, playbook: Playbook | None, result: Result) -> None:
    result.checked.append(display_name(path))
    _, findings = check_profile(path, playbook)
    result.diagnostics.extend(findings)
