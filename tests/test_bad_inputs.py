"""Bad inputs as data: every folder of tests/bad/ is one broken playbook set or profile.

A case folder holds its input and ``expected.yaml``:

- ``patch.yaml``: edits applied to a fresh copy of tests/fixtures/mini (``{set}`` in the
  arguments): ``replace``/``with`` (once, or ``count: all``), ``append``, ``write`` (a new
  file, optionally in another ``encoding``, or ``raw`` bytes in Python escapes), ``delete``,
  ``mkdir``; or ``generate: NAME`` for the enormous inputs, which are made at test time
  (see ``GENERATORS``) and never committed;
- ``profile.yaml`` (``{profile}``): a profile file used as it is, bytes and all.

``expected.yaml`` gives the command (``args``, with ``{set}``, ``{mini}``, ``{profile}``,
``{case}``, ``{tmp}``), its ``exit`` code and ``findings``: each has ``where``, the start of one
output line after the case's folder is removed from paths (``tasks.yaml:47:5: R003``), and
``says``, words that line must also contain (the message and the hint). ``subprocess: true``
runs the command in a child process whose peak memory is measured; ``max_rss_mb`` bounds it.
"""
from __future__ import annotations

import ast
import resource
import shutil
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any, Callable, Iterator

import pytest
import yaml
from click.testing import CliRunner

from conftest import MINI
from readiness.cli import main
from readiness.io.files import display_name

BAD = Path(__file__).resolve().parent / "bad"
CASES = sorted(p.name for p in BAD.iterdir() if (p / "expected.yaml").is_file())


def _param(case: str) -> Any:
    """A case as a test parameter; ``slow: true`` in its expected.yaml marks it slow."""
    slow = yaml.safe_load((BAD / case / "expected.yaml").read_text(encoding="utf-8")).get("slow")
    return pytest.param(case, marks=pytest.mark.slow) if slow else case
GUARD_SECONDS = 120  # a hang guard, not a speed test: every case takes a second or a few


@pytest.fixture
def guard() -> Iterator[None]:
    """Fail a case that hangs instead of hanging the suite."""
    def stop(_signum: int, _frame: Any) -> None:
        raise TimeoutError(f"a bad input took more than {GUARD_SECONDS} s")

    old = signal.signal(signal.SIGALRM, stop)
    signal.alarm(GUARD_SECONDS)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


# -- inputs -------------------------------------------------------------------------
def apply_patch(patch: dict[str, Any], target: Path, tmp: Path) -> None:
    for edit in patch.get("edits", []):
        path = target / edit["file"]
        if "replace" in edit:
            text = path.read_text(encoding="utf-8")
            assert edit["replace"] in text, f"{edit['file']}: text to replace not found: {edit['replace']!r}"
            count = -1 if edit.get("count") == "all" else 1
            path.write_text(text.replace(edit["replace"], edit["with"], count), encoding="utf-8")
        elif "append" in edit:
            with path.open("a", encoding="utf-8") as fh:
                fh.write(edit["append"])
        elif "write" in edit:
            path.write_bytes(edit["write"].encode(edit.get("encoding", "utf-8")))
        elif "raw" in edit:  # bytes, written in YAML as "\xe9…": each character is one byte
            path.write_bytes(edit["raw"].encode("latin-1"))
        elif edit.get("delete"):
            path.unlink()
        elif edit.get("mkdir"):
            path.mkdir()
        else:
            raise AssertionError(f"unknown edit {edit}")
    if "generate" in patch:
        GENERATORS[patch["generate"]](target, tmp, **patch.get("options", {}))


def prepare(case: str, tmp: Path) -> dict[str, str]:
    folder = BAD / case
    target = tmp / "set"
    shutil.copytree(MINI, target)
    patch = folder / "patch.yaml"
    if patch.is_file():
        apply_patch(yaml.safe_load(patch.read_text(encoding="utf-8")) or {}, target, tmp)
    mini = tmp / "mini"
    shutil.copytree(MINI, mini)
    return {"set": str(target), "mini": str(mini), "profile": str(folder / "profile.yaml"),
            "case": str(folder), "tmp": str(tmp)}


# -- the enormous inputs, made at test time --------------------------------------------
def _task(i: int, extra: str = "") -> str:
    return (f"  - {{id: t.{i}, title: {{ky: a, ru: b, en: c}}, area: hr, actor: abp, scenarios: [blended], "
            f"duration: 1, due: 0, source: [HR-T1]{extra}}}\n")


def many_tasks(target: Path, _tmp: Path, count: int, broken: bool = False) -> None:
    """``count`` tasks in one file, each after the one before; ``broken``: the last names a missing one."""
    with (target / "many.yaml").open("w", encoding="utf-8") as fh:
        fh.write("tasks:\n")
        for i in range(count):
            dep = f", depends_on: [t.{i - 1}]" if i else ""
            if broken and i == count - 1:
                dep = f", depends_on: [t.{i - 1}, t.{i + 1}]"
            fh.write(_task(i, dep))


def big_file(target: Path, _tmp: Path, megabytes: int) -> None:
    line = "  - {id: BIG-%d, text: {en: '" + "x" * 1000 + "'}}\n"
    with (target / "big.yaml").open("w", encoding="utf-8") as fh:
        fh.write("sources:\n")
        i = 0
        while fh.tell() < megabytes * 2**20:
            fh.write(line % i)
            i += 1


def deep_nesting(target: Path, _tmp: Path, depth: int, style: str) -> None:
    if style == "flow":
        text = "tasks: " + "[" * depth + "]" * depth + "\n"
    elif style == "block-lists":
        text = "tasks:\n  " + "- " * depth + "x\n"
    else:  # flow mappings
        text = "tasks: " + "{a: " * depth + "1" + "}" * depth + "\n"
    (target / "deep.yaml").write_text(text, encoding="utf-8")


def long_line(target: Path, _tmp: Path, characters: int, key: str) -> None:
    """One line of ``characters``: a rule (too long) or a title (allowed)."""
    tasks = target / "tasks.yaml"
    text = tasks.read_text(encoding="utf-8")
    if key == "when":
        rule = "staff.teaching > 1 and " * (characters // 23) + "true"
        text = text.replace("    when: digital.avn\n", f"    when: {rule}\n", 1)
    else:
        text = text.replace("en: AVN entry}", f"en: '{'Ы' * characters}'}}", 1)
    tasks.write_text(text, encoding="utf-8")


def alias_bomb(target: Path, _tmp: Path, levels: int) -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, levels):
        prev, cur = chr(ord("a") + i - 1), chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [" + ",".join([f"*{prev}"] * 9) + "]")
    (target / "bomb.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


_PROFILE = ("profile_version: 1\ninstitution: {id: test-college, name: Тест колледжи, type: secondary}\n"
            "term_start: 2020-09-01\nscenarios: [distance, blended]\n")


def big_profile(_target: Path, tmp: Path, rooms: int = 0, ids: bool = True, progress: int = 0, unknown_keys: int = 0,
                bad_area: bool = False) -> None:
    """``{tmp}/profile.yaml``: a profile of many rooms (without ids, or with an area that is text),
    progress entries or unknown facts."""
    with (tmp / "profile.yaml").open("w", encoding="utf-8") as fh:
        fh.write(_PROFILE + "facts:\n")
        if unknown_keys:
            fh.write("  staff:\n" + "".join(f"    unknown_{i}: 1\n" for i in range(unknown_keys)))
        if rooms:
            fh.write("  rooms:\n")
            for i in range(rooms):
                area = "forty" if bad_area else "40"
                fh.write(f"    - {{id: r{i}, area_m2: {area}}}\n" if ids else f"    - {{area_m2: {area}}}\n")
        if progress:
            fh.write("progress:\n" + "".join(f"  t.{i}: {{status: done}}\n" for i in range(progress)))


def special_file(target: Path, tmp: Path, kind: str, name: str, where: str = "tmp") -> None:
    """A FIFO, a socket, or a link to a device or to nothing, at ``{tmp}/name`` or ``{set}/name``;
    an ``agg`` folder of ``{tmp}`` also gets a valid profile beside it."""
    import os
    import socket

    path = (tmp if where == "tmp" else target) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "socket":
        sock = socket.socket(socket.AF_UNIX)
        sock.bind(str(path))
        sock.close()
    elif kind == "link":
        path.symlink_to("/dev/zero")
    elif kind == "dangling":
        path.symlink_to(tmp / "nowhere" / "at-all.md")
    if path.parent.name == "agg":
        shutil.copy(MINI / "examples" / "college.yaml", path.parent / "college.yaml")


GENERATORS: dict[str, Callable[..., None]] = {
    "many_tasks": many_tasks, "big_file": big_file, "deep_nesting": deep_nesting,
    "long_line": long_line, "alias_bomb": alias_bomb, "big_profile": big_profile, "special_file": special_file,
}


# -- running ------------------------------------------------------------------------
_CHILD = """
import atexit, resource, sys
atexit.register(lambda: sys.stderr.write("\\nPEAK_RSS_KB=%d\\n" % resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))
from readiness.cli import main
sys.argv = ["readiness", *sys.argv[1:]]
main()
"""


def run_cli(args: list[str], child: bool) -> tuple[int, str, int]:
    """Exit code, standard output and error together, and the peak memory in KiB (0 in process)."""
    if not child:
        result = CliRunner().invoke(main, args, catch_exceptions=False)
        return result.exit_code, result.output, 0
    proc = subprocess.run([sys.executable, "-c", _CHILD, *args], capture_output=True, text=True,
                          timeout=GUARD_SECONDS, env={"PATH": "/usr/bin:/bin", "READINESS_CACHE_DIR": ""})
    out = proc.stdout + proc.stderr
    peak = [int(line.split("=")[1]) for line in out.splitlines() if line.startswith("PEAK_RSS_KB=")]
    return proc.returncode, out, peak[-1] if peak else 0


def normalise(output: str, paths: dict[str, str]) -> list[str]:
    """The output with the case's folders taken out of the file names, as ``display_name`` shows them."""
    for key in ("set", "mini", "case", "tmp"):
        for shown in (display_name(Path(paths[key])), paths[key]):
            output = output.replace(shown + "/", "").replace(shown, "")
    return output.splitlines()


@pytest.mark.parametrize("case", [_param(c) for c in CASES])
def test_bad_input(case: str, tmp_path: Path, guard: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("READINESS_CACHE_DIR", "")
    expected = yaml.safe_load((BAD / case / "expected.yaml").read_text(encoding="utf-8"))
    paths = prepare(case, tmp_path)
    args = [a.format(**paths) for a in expected["args"]]
    code, output, peak_kb = run_cli(args, expected.get("subprocess", False))
    lines = normalise(output, paths)
    shown = "\n".join(lines[:40])
    assert "Traceback" not in output, shown
    assert code == expected["exit"], shown
    for finding in expected.get("findings", []):
        says = finding.get("says", [])
        hits = [line for line in lines if line.startswith(finding["where"]) and all(w in line for w in says)]
        assert hits, f"no line starts with {finding['where']!r} and says {says}:\n{shown}"
        assert len(finding["where"].split(":")) >= 2, "a finding names at least the file and the code"
    if "count" in expected:
        assert sum(1 for line in lines if _is_finding(line)) == expected["count"], shown
    for word in expected.get("absent", []):
        assert word not in output, shown
    if expected.get("subprocess"):
        assert peak_kb, "the child did not report its memory"
        assert peak_kb < expected.get("max_rss_mb", 1024) * 1024, f"peak memory {peak_kb // 1024} MiB"


def _is_finding(line: str) -> bool:
    head = line.split(": ", 2)
    return len(head) >= 2 and len(head[1]) >= 4 and head[1][0].isupper() and head[1][1:4].isdigit()


def test_the_corpus_is_large_and_every_case_checks_something() -> None:
    assert len(CASES) >= 350
    for case in CASES:
        expected = yaml.safe_load((BAD / case / "expected.yaml").read_text(encoding="utf-8"))
        args = " ".join(expected["args"])
        assert "{profile}" not in args or (BAD / case / "profile.yaml").is_file(), f"{case}: no profile.yaml"
        assert "{set}" not in args or (BAD / case / "patch.yaml").is_file() or expected["exit"] == 2, f"{case}: {{set}} is mini unchanged"
        assert expected["exit"] in (0, 1, 2)
        assert expected.get("findings") or expected["exit"] == 0, f"{case}: a failing case must name its findings"
        for finding in expected.get("findings", []):
            assert finding.get("says"), f"{case}: {finding['where']} checks no words of the message or hint"


# -- unsafe rules, through validate ----------------------------------------------------
UNSAFE = [
    "__import__('os').system('touch {marker}')",
    "staff.__class__ == 1",
    "staff.teaching.__class__.__mro__",
    "().__class__.__bases__[0].__subclasses__()",
    "staff.teaching.real > 1",
    "digital.lms.upper() == 'NONE'",
    "(lambda: true)()",
    "[x for x in rooms.area_m2] == [1]",
    "any(x > 1 for x in rooms.area_m2)",
    "{x for x in rooms.area_m2}",
    "f'{staff.teaching}' == '1'",
    "open('{marker}', 'w')",
    "eval('1') == 1",
    "exec('import os')",
    "getattr(staff, 'teaching') > 1",
    "globals()['x'] == 1",
    "print('x')",
    "9**9**9 > 1",
    "staff.teaching ** 2 > 1",
    "staff.teaching % 2 == 0",
    "staff.teaching // 2 == 0",
    "rooms[0].area_m2 > 1",
    "staff.teaching if true else false",
    "(x := 1) == 1",
    "staff.teaching > 1e400",
    "staff.teaching > 10000000000000",
    "_secret > 1",
    "staff.teaching is 1",
    "staff.teaching << 2 > 1",
    "1 " + "+ 1 " * 240 + "> 0",
    "(" * 300 + "1" + ")" * 300 + " > 0",
    "not " * 240 + "true",
    "staff.teaching > 1 and " * 40 + "true",
    "'" + "a" * 300 + "' == institution.name",
    "sum(rooms.area_m2, start=1) > 1",
]


@pytest.mark.parametrize("rule", UNSAFE, ids=[f"unsafe-{i:02d}" for i in range(len(UNSAFE))])
def test_unsafe_rules_are_rejected_by_validate(rule: str, tmp_path: Path, guard: None,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    from readiness import rules

    marker = tmp_path / "executed"
    rule = rule.replace("{marker}", str(marker))
    generated: list[str] = []
    real = rules.codegen.CodeGen.function

    def spy(self: Any, node: ast.AST, fallback: Any) -> Any:
        generated.append(ast.unparse(node))
        return real(self, node, fallback)

    monkeypatch.setattr(rules.codegen.CodeGen, "function", spy)
    monkeypatch.setenv("READINESS_CACHE_DIR", "")
    target = tmp_path / "set"
    shutil.copytree(MINI, target)
    tasks = target / "tasks.yaml"
    text = tasks.read_text(encoding="utf-8")
    when = f"    when: {yaml.safe_dump(rule, width=10**6).splitlines()[0]}"
    tasks.write_text(text.replace("    when: digital.avn", when), encoding="utf-8")
    line = 1 + text.splitlines().index("    when: digital.avn")
    code, output, _ = run_cli(["validate", str(target)], child=False)
    assert code == 1 and "Traceback" not in output
    found = [x for x in output.splitlines() if x.startswith(f"{tasks}:{line}:")]
    assert found, output
    assert any(f": {c} " in found[0] for c in ("E001", "E002", "E003", "E004", "E005")), found[0]
    assert "proc.avn-entry" in found[0] and len(found[0]) < 600, found[0]
    assert not marker.exists()
    assert all("__" not in g and "lambda" not in g for g in generated)


def test_rss_is_measured_in_the_child() -> None:
    code, out, peak = run_cli(["--help"], child=True)
    assert code == 0 and 10_000 < peak < resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 10
