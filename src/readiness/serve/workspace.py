"""One browser's profile, kept on the server: the document being edited, where it came from,
and the engine's verdict on it. Opening and saving go through the CLI's own reader (size,
encoding and YAML limits) and writer (atomic); files are only read from and written to the
``--profiles`` folder, by names the folder's own listing gives.
"""
from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
import tempfile
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ..errors import ERROR, Diagnostic, ReadinessError
from ..findings import Msg
from ..io.files import MAX_BYTES, read_bytes, yaml_files
from ..io.write import write_atomic
from ..io.yaml import load_file
from ..load.facts import schema_name
from ..load.profile import check_profile
from ..model import Playbook, Profile
from .. import schema
from ..schema import load_schema
from ..io import roundtrip
from ..io.roundtrip import Document, RoundTripError
from .edit import Pending, get
from .form import FIELDS, MAP, sections

_ID = re.compile(r"^[a-z0-9][a-z0-9._-]*$")   # the profile schema's institution id: a safe file name
_FILE = re.compile(r"^[\w][\w.-]*\.ya?ml$")   # an uploaded file's name, if it is safe in a header


class OpenError(Exception):
    """A file the form cannot open, with the findings that say why."""

    def __init__(self, findings: list[Diagnostic], reason: str = "open.unreadable"):
        self.findings = sorted(findings)
        self.reason = reason
        super().__init__(reason)


@dataclass
class Checked:
    text: str
    profile: Profile | None
    findings: list[Diagnostic]

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.findings if d.severity == ERROR]


@dataclass
class Workspace:
    doc: Document
    style: roundtrip.Style
    origin: str | None = None       # its file name in the --profiles folder
    label: str | None = None        # the name it was uploaded as
    original: str = ""              # the text as opened or last saved
    pending: Pending = field(default_factory=Pending)
    touched: bool = False           # submitted at least once: its findings are shown
    today: date | None = None       # the "as of" date of plans and checklists
    revision: int = 0
    notice: tuple[str, str, dict[str, str]] | None = None   # said once on the next page: ("ok" | "error", key, fields)
    lock: threading.RLock = field(default_factory=threading.RLock, repr=False)
    _checked: tuple[int, Checked] | None = field(default=None, repr=False)

    def text(self) -> str:
        return roundtrip.dump(self.doc, self.style)

    def changed(self) -> None:
        self.revision += 1
        self.touched = True

    def check(self, playbook: Playbook, scratch: Path) -> Checked:
        """The engine's findings on the document as it would be saved (cached per revision)."""
        if self._checked is None or self._checked[0] != self.revision:
            text = self.text()
            profile, findings = check_text(text, playbook, scratch)
            self._checked = (self.revision, Checked(text, profile, findings))
        return self._checked[1]

    @property
    def name(self) -> str:
        """A file name for downloads: the file's own (opened or uploaded), else the institution's id."""
        return self.origin or (self.label if self.label and _FILE.match(self.label) else self.new_name)

    @property
    def new_name(self) -> str:
        """The name of a profile saved into the folder for the first time: its institution's id."""
        ident = get(self.doc, ("institution", "id"))
        return f"{ident}.yaml" if isinstance(ident, str) and _ID.match(ident) else "profile.yaml"


def new_workspace() -> Workspace:
    doc, style = roundtrip.new_document()
    return Workspace(doc, style, original=roundtrip.dump(doc, style))


def check_text(text: str, playbook: Playbook, scratch: Path) -> tuple[Profile | None, list[Diagnostic]]:
    """``check_profile`` on a text, through a private file as the CLI reads one."""
    path = _scratch_file(scratch, text.encode("utf-8"))
    try:
        return check_profile(path, playbook)
    finally:
        path.unlink(missing_ok=True)


def _scratch_file(scratch: Path, data: bytes) -> Path:
    fd, name = tempfile.mkstemp(suffix=".yaml", dir=scratch)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    return Path(name)


# -- opening ----------------------------------------------------------------------------
def open_bytes(raw: bytes, label: str, scratch: Path, playbook: Playbook, origin: str | None = None) -> Workspace:
    """A workspace for an uploaded or listed file, read by the CLI's reader; a file that is not
    a profile the form can show raises OpenError with the findings that say why."""
    if len(raw) > MAX_BYTES:
        raise too_large(label, len(raw))
    path = _scratch_file(scratch, raw)
    try:
        try:
            doc = load_file(path, label)
        except ReadinessError as exc:
            raise OpenError(exc.diagnostics) from None
        if not isinstance(doc.data, dict) or _misshapen(doc.data, playbook):   # its findings, without reading it again
            raise OpenError(schema.check(doc, schema_name(playbook)), "open.misshapen")
        text = raw.decode("utf-8")
    finally:
        path.unlink(missing_ok=True)
    try:
        tree, style = roundtrip.parse(text)
    except RoundTripError as exc:  # read by the readiness reader, refused by ruamel.yaml: say what it says
        raise OpenError([Diagnostic.of(label, 1, 1, "Y003", Msg("Y003.error", error=str(exc)[:300]), Msg("hint.fix_yaml"))]) from None
    return Workspace(tree, style, origin=origin, label=label, original=text, touched=True)


def too_large(label: str, size: int) -> OpenError:
    """The CLI's finding for a file over its size limit (read_text's), before reading it."""
    return OpenError([Diagnostic.of(label, 0, 0, "Y006", Msg("Y006.too_large", size=size / 2**20, limit=MAX_BYTES // 2**20),
                                    Msg("hint.split_file"))])


# The containers the form draws: a file whose containers have another shape is shown its
# findings instead of a form that would drop what it cannot draw.
_SHAPES: dict[tuple[str, ...], type] = {("institution",): dict, ("facts",): dict, ("progress",): dict,
                                       ("waivers",): list, ("scenarios",): list}


def _misshapen(data: dict[str, Any], playbook: Playbook) -> bool:
    if not set(data) & set(load_schema("profile")["properties"]):
        return True   # no key of a profile: a playbook file, say, opened by mistake
    shapes = dict(_SHAPES)
    for section in sections(playbook, "en"):   # the groups and tables, where the form declares them
        if section.path:
            shapes[section.path] = dict if section.kind in (FIELDS, MAP) else list
        rows = get(data, section.path) if section.kind != FIELDS else None
        if section.max_rows and isinstance(rows, (list, dict)) and len(rows) > section.max_rows:
            return True   # more rows than the form may send back: the engine's finding says how many
    for path, kind in shapes.items():
        value = get(data, path)
        if value is not None and not isinstance(value, kind):
            return True
        items = value if isinstance(value, list) else value.values() if path == ("progress",) and value else []
        if path != ("scenarios",) and not all(isinstance(item, dict) for item in items):
            return True
    return False


# -- the --profiles folder ----------------------------------------------------------------
def listing(folder: Path | None) -> list[str]:
    """The profile files directly in the folder: the only names a request may open."""
    if folder is None or not folder.is_dir():
        return []
    root = folder.resolve()
    return [p.name for p in yaml_files(folder) if p.is_file() and p.resolve().parent == root]   # regular files, inside


def open_listed(folder: Path | None, name: str, scratch: Path, playbook: Playbook) -> Workspace:
    if folder is None or name not in listing(folder):
        raise OpenError([], "open.not_listed")
    try:
        raw = read_bytes(folder / name, name)   # the one way to read: regular files only, bounded, never blocking
    except ReadinessError as exc:
        raise OpenError(exc.diagnostics) from None
    return open_bytes(raw, name, scratch, playbook, origin=name)


class SaveError(Exception):
    def __init__(self, reason: str, **fields: str):
        self.reason, self.fields = reason, fields
        super().__init__(reason)


def save(ws: Workspace, folder: Path | None, checked: Checked) -> str:
    """Write the profile into the folder (its own file, or ``<institution id>.yaml`` for a new
    one); refused while it has errors, and never over another file."""
    if folder is None:
        raise SaveError("save.no_folder")
    if checked.errors:
        raise SaveError("save.has_errors")
    name = ws.origin or ws.new_name
    if not ws.origin and name in listing(folder):
        raise SaveError("save.exists", name=name)
    target = folder / name
    if target.resolve().parent != folder.resolve():
        raise SaveError("save.no_folder")
    write_atomic(target, checked.text.encode("utf-8"))
    ws.origin, ws.original = name, checked.text
    return name


# -- sessions and CSRF ------------------------------------------------------------------
class Store:
    """Workspaces by session id, in memory: the least recently used go first when full or old."""

    def __init__(self, limit: int = 200, max_age: float = 12 * 3600):
        self.limit, self.max_age = limit, max_age
        self._items: OrderedDict[str, tuple[float, Workspace]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, sid: str | None) -> Workspace | None:
        with self._lock:
            found = self._items.get(sid or "")
            if found is None or time.monotonic() - found[0] > self.max_age:
                return None
            self._items.move_to_end(sid or "")
            self._items[sid or ""] = (time.monotonic(), found[1])
            return found[1]

    def put(self, sid: str, ws: Workspace) -> None:
        with self._lock:
            self._items[sid] = (time.monotonic(), ws)
            self._items.move_to_end(sid)
            while len(self._items) > self.limit:
                self._items.popitem(last=False)


def new_session_id() -> str:
    return secrets.token_urlsafe(32)


class Csrf:
    """A token per session: HMAC of the session id under a key made at start-up. A page of
    another site cannot read it, so it cannot post a form that carries it."""

    def __init__(self, key: bytes | None = None):
        self.key = key or secrets.token_bytes(32)

    def token(self, sid: str) -> str:
        return hmac.new(self.key, sid.encode("utf-8"), hashlib.sha256).hexdigest()

    def valid(self, sid: str | None, token: str | None) -> bool:
        return bool(sid and token) and hmac.compare_digest(self.token(sid or ""), token or "")

