"""Load a playbook set: read its files, check them, compile them into a :class:`Playbook`."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from .. import schema
from ..errors import ERROR, Diagnostic, ReadinessError, UsageError
from ..findings import Msg
from ..io.files import display_name, yaml_files
from ..io.yaml import Document, load_file, load_plain
from ..model import Playbook
from ..runtime import gc_paused
from .compile import SetCompiler
from .elements import KINDS, Element, Loaded
from .placement import misplaced


def read_set(root: Path, plain: bool = False) -> Loaded:
    """Read and schema-check every file of a set; semantic checks come after.

    ``plain`` reads without positions (faster): a finding reads its file's positions when it
    is made (Document.source).
    """
    if not root.exists():
        raise UsageError([Diagnostic.of(display_name(root), 0, 0, "Y001", Msg("Y001.set_not_found"), Msg("hint.set_folder_example"))])
    if not root.is_dir():
        raise UsageError([Diagnostic.of(display_name(root), 0, 0, "Y001", Msg("Y001.set_is_file"), Msg("hint.set_folder"))])
    loaded = Loaded(root)
    files = yaml_files(root)
    if not files:
        raise UsageError([Diagnostic.of(display_name(root), 0, 0, "Y001", Msg("Y001.no_yaml_files"), Msg("hint.set_files"))])
    for path in files:
        _read_one(loaded, path, plain)
    if loaded.manifest is None and not any(d.severity == ERROR for d in loaded.diagnostics):
        loaded.diagnostics.append(Diagnostic.of(display_name(root), 0, 0, "R001", Msg("R001.no_manifest"), Msg("hint.add_manifest")))
    return loaded


def _read_one(loaded: Loaded, path: Path, plain: bool = False) -> None:
    data = load_plain(path) if plain else None
    try:
        doc = Document(display_name(path), data, positions=False, source=path) if data is not None else load_file(path, display_name(path))
    except ReadinessError as exc:
        loaded.diagnostics.extend(exc.diagnostics)
        return
    findings = misplaced(doc, schema.check(doc, "playbook"))
    loaded.diagnostics.extend(findings)
    loaded.docs.append(doc)
    if not isinstance(doc.data, dict):
        return
    valid = not findings
    if "manifest" in doc.data and isinstance(doc.data["manifest"], dict):
        element = Element("manifest", doc.data["manifest"], doc, ("manifest",))
        if loaded.manifest is not None:
            loaded.diagnostics.append(element.diag("R001", Msg("R001.second_manifest", file=loaded.manifest.doc.file),
                                                   Msg("hint.one_manifest")))
        elif valid:
            loaded.manifest = element
    for kind in KINDS:
        items = doc.data.get(kind)
        if not isinstance(items, list):
            continue
        for i, item in enumerate(items):
            if isinstance(item, dict) and (valid or isinstance(item.get("id", item.get("path")), str)):
                loaded.elements[kind].append(Element(kind, item, doc, (kind, i)))
    if not valid:
        # keep ids of a broken file known (so references to them do not cascade), but do not compile it
        for kind in KINDS:
            for el in loaded.elements[kind]:
                if el.doc is doc:
                    el.data = {"id": el.id, "_broken": True}


def load_playbook(path: Path | str, strict: bool = False) -> Playbook:
    """Load a set; raise :class:`ReadinessError` on any error (or warning, if ``strict``)."""
    playbook, diagnostics = check_playbook(Path(path))
    bad = [d for d in diagnostics if d.severity == ERROR or strict]
    if bad or playbook is None:
        raise ReadinessError(bad or diagnostics)
    return playbook


def check_playbook(root: Path) -> tuple[Playbook | None, list[Diagnostic]]:
    """All findings for a set, and the compiled set when it has no errors.

    A set is read without positions, which is faster; a finding reads the positions of its
    file when it is made (Document.source). A set with warnings only is read again with
    positions, so that its compiled elements know their lines too.
    """
    playbook, diagnostics = _check(root, plain=True)
    if playbook is None or not diagnostics:
        return playbook, diagnostics
    return _check(root, plain=False)


def _check(root: Path, plain: bool) -> tuple[Playbook | None, list[Diagnostic]]:
    with gc_paused():  # many objects, no cycles: see yamlload.gc_paused
        loaded = read_set(root, plain)
        compiler = SetCompiler(loaded)
        playbook = compiler.run()
    diagnostics = sorted(set(loaded.diagnostics + compiler.diagnostics))
    if any(d.severity == ERROR for d in diagnostics):
        return None, diagnostics
    return playbook, diagnostics

