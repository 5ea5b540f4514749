"""A cache of compiled playbook sets, so reports start fast.

Checking a set (YAML parsing, JSON Schema, reference and cycle checks) costs far more
than planning. A set that checked clean is pickled under a key made of the bytes of its
files, the schemas, every source file of the package and the Python version; any edit
makes a new key. Rules compiled to generated code keep it (marshal, hence per Python
version); the others are compiled again from their text. Set READINESS_CACHE_DIR to move
the cache, or to an empty string to turn it off.

Unpickling runs code, so the cache must hold nothing another user wrote (docs/security.md):

- the folder is created 0700 and used only when it is a real folder (not a link) owned by
  this user and writable by no one else; otherwise a warning, and the run goes on without it;
- an entry is read only when it is a regular file owned by this user, writable by no one else,
  opened without following a link, and its HMAC-SHA256 under this user's key is right; the
  key is 32 random bytes in ``key`` in the folder, 0600, made once. Anyone can compute the cache
  key of a set; no one else can sign an entry;
- an entry is written to a temporary file of random name, created exclusively and without
  following links, then renamed; a failed write leaves nothing behind;
- what is unpickled must be a Playbook; anything else is dropped.
"""
from __future__ import annotations

import errno
import hashlib
import hmac
import marshal
import os
import pickle
import stat
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable

from .. import __version__
from ..errors import Diagnostic
from ..findings import Msg
from ..io.files import MAX_BYTES, read_bytes
from ..model import Playbook
from .. import resources
from ..resources import schema_path
from ..runtime import gc_paused

MAGIC = b"readiness-cache-1\n"
KEY_FILE = "key"
MAX_ENTRY = 512 * 1024 * 1024
Warn = Callable[[Diagnostic], None]


def cache_dir() -> Path | None:
    configured = os.environ.get("READINESS_CACHE_DIR")
    if configured is not None:
        return Path(configured) if configured else None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "readiness"


PACKAGE = Path(__file__).resolve().parent.parent


@lru_cache(maxsize=None)
def program_digest() -> bytes:
    """The digest of this program, once per process (see :func:`package_digest`)."""
    return package_digest(PACKAGE)


def package_digest(package: Path) -> bytes:
    """A hash of the program: every source file of the package, its version and the Python's.

    The compiled set is made by the loader and the rule compiler and holds objects of the
    model and the rules; any change to any of them (even of the order things are compiled
    in) must give a new key, so the whole package counts.
    """
    digest = hashlib.sha256(f"{__version__} {sys.version}".encode())  # rule code is marshalled: per Python
    root = str(package)
    names = [os.path.relpath(os.path.join(folder, name), root)
             for folder, _dirs, files in os.walk(root) for name in files if name.endswith(".py")]
    names.sort(key=lambda name: name.split(os.sep))  # the order of the paths' parts, as sorted Paths
    for name in names:  # os.walk and plain reads: a third of the time pathlib took, on every run
        with open(os.path.join(root, name), "rb") as fh:
            digest.update(name.encode() + b"\0" + fh.read() + b"\0")
    return digest.digest()


def cache_key(root: Path) -> str | None:
    digest = hashlib.sha256(program_digest())
    try:
        files = sorted(p for p in root.iterdir() if p.suffix in (".yaml", ".yml") and not p.is_dir())
        for path in [schema_path("playbook"), schema_path("profile"), *files]:
            digest.update(path.name.encode() + b"\0")
            digest.update(read_bytes(path, limit=MAX_BYTES))  # not joined to the name: no copy of the file
            digest.update(b"\0")
    except Exception:  # noqa: BLE001 - unreadable, not a file, too large: the real loader says why
        return None
    return digest.hexdigest()


def load_cached_playbook(root: Path, warn: Warn | None = None) -> Playbook:
    """The compiled set of ``root``, from the cache when a trusted entry is there.

    ``warn`` receives a finding when the cache folder or an entry is refused (the run goes on
    without the cache); the library itself never prints."""
    folder = _usable_folder(cache_dir(), warn or (lambda d: None))
    key = cache_key(root) if folder is not None and root.is_dir() else None
    if folder is None or key is None:
        return _load_playbook(root)
    entry = folder.path / f"{key}.pickle"
    playbook = _read_entry(entry, folder.secret, warn or (lambda d: None))
    if playbook is not None:
        return playbook
    playbook = _load_playbook(root)
    playbook.task_order()  # derived once, kept in the entry: a warm plan of a large set does not sort again
    _store(entry, playbook, folder.secret)
    return playbook


def _load_playbook(root: Path) -> Playbook:
    from .playbook import load_playbook  # lazy: a warm start never loads the set compiler

    return load_playbook(root)


@dataclass(frozen=True)
class _Folder:
    path: Path
    secret: bytes


def _usable_folder(folder: Path | None, warn: Warn) -> _Folder | None:
    """The cache folder and this user's key, or None (with a warning when it is unsafe)."""
    if folder is None:
        return None
    try:
        if not os.path.lexists(folder):
            old = os.umask(0o077)  # the folder and any parent made for it: 0700, whatever the umask
            try:
                os.makedirs(folder, mode=0o700, exist_ok=True)
            finally:
                os.umask(old)
        info = os.lstat(folder)
        problem = _unsafe(info, folder=True)
        if problem:
            warn(_refused(folder, problem))
            return None
        return _Folder(folder, _secret(folder, warn))
    except _Refused as exc:
        warn(_refused(exc.path, exc.problem))
        return None
    except OSError as exc:
        warn(_refused(folder, Msg("cache.os_error", reason=exc.strerror or type(exc).__name__)))
        return None


def _unsafe(info: os.stat_result, folder: bool) -> Msg | None:
    """Why a cache folder or file may hold what another user wrote, or None."""
    if folder and not stat.S_ISDIR(info.st_mode):
        return Msg("cache.not_a_folder")
    if not folder and not stat.S_ISREG(info.st_mode):
        return Msg("cache.not_a_file")
    if info.st_uid != os.geteuid():
        return Msg("cache.owner", uid=info.st_uid)
    if info.st_mode & 0o022:
        return Msg("cache.writable", mode=f"{info.st_mode & 0o777:04o}")
    return None


class _Refused(Exception):
    def __init__(self, path: Path, problem: Msg):
        super().__init__(path)
        self.path, self.problem = path, problem


def _refused(path: Path, problem: Msg) -> Diagnostic:
    return Diagnostic.of(str(path), 0, 0, "C001", Msg("C001.refused", problem=problem), Msg("hint.cache_folder"))


def _secret(folder: Path, warn: Warn) -> bytes:
    """This user's key: made once (32 random bytes, 0600), then read (and checked) each run."""
    path = folder / KEY_FILE
    for _ in range(3):
        try:
            fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
        except FileNotFoundError:
            _make_secret(folder, path)
            continue
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                raise _Refused(path, Msg("cache.not_a_file")) from None
            raise
        try:
            info = os.fstat(fd)
            problem = _unsafe(info, folder=False) or (Msg("cache.readable") if info.st_mode & 0o077 else None)
            if problem:
                raise _Refused(path, problem)
            secret = os.read(fd, 64)
        finally:
            os.close(fd)
        if len(secret) == 32:
            return secret
        raise _Refused(path, Msg("cache.bad_key"))
    raise _Refused(path, Msg("cache.bad_key"))


def _make_secret(folder: Path, path: Path) -> None:
    """Write the key under a random name, then link it into place: never half a key."""
    tmp = folder / f".key.{os.urandom(8).hex()}.tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(os.urandom(32))
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass  # another run made it first: use that one
    finally:
        tmp.unlink(missing_ok=True)


def _sign(secret: bytes, data: bytes | memoryview) -> bytes:
    return hmac.new(secret, data, hashlib.sha256).digest()


class SignedStore:
    """Files of the cache folder that only this user could have written: each is signed with the
    user's key and checked before it is used (compiled sets; the report templates' bytecode)."""

    def __init__(self, folder: Path, secret: bytes, warn: Warn):
        self.folder, self.secret, self.warn = folder, secret, warn

    def get(self, name: str) -> bytes | None:
        body = _read_signed(self.folder / name, self.secret, self.warn)
        return None if body is None else bytes(body)

    def put(self, name: str, body: bytes) -> None:
        _write_signed(self.folder / name, body, self.secret)


def signed_store(warn: Warn | None = None) -> SignedStore | None:
    """The user's cache as a :class:`SignedStore`, or None (no cache, or an unsafe folder)."""
    folder = _usable_folder(cache_dir(), warn or (lambda d: None))
    return SignedStore(folder.path, folder.secret, warn or (lambda d: None)) if folder else None


def _read_entry(entry: Path, secret: bytes, warn: Warn) -> Playbook | None:
    body = _read_signed(entry, secret, warn)
    if body is None:
        return None
    try:
        with gc_paused():  # a large set is many objects and no cycles: see runtime.gc_paused
            playbook = pickle.loads(body)
    except Exception:  # noqa: BLE001 - signed by us but not loadable (another build's classes): rebuild
        return None
    return playbook if isinstance(playbook, Playbook) else None


def _read_signed(entry: Path, secret: bytes, warn: Warn) -> memoryview | None:
    """The body of a signed cache file, or None when it is missing, unsafe or not signed by this user.

    A view into the bytes read, not a copy: a 100,000-task set's entry is over 200 MB."""
    try:
        fd = os.open(entry, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            warn(_refused(entry, Msg("cache.not_a_file")))
        return None  # not there (the usual miss), a link, unreadable: rebuild
    try:
        with os.fdopen(fd, "rb") as fh:
            info = os.fstat(fh.fileno())
            problem = _unsafe(info, folder=False)
            if problem:
                warn(_refused(entry, problem))
                return None
            if info.st_size > MAX_ENTRY:
                return None  # larger than any entry this program writes: not one of ours
            # the file's own size (one byte more shows it grew since): asking for MAX_ENTRY would
            # reserve 512 MB on every warm run, more than a process under a memory limit may have
            data = fh.read(info.st_size + 1)
    except OSError:
        return None
    view = memoryview(data)
    head, tag, body = view[:len(MAGIC)], view[len(MAGIC):len(MAGIC) + 32], view[len(MAGIC) + 32:]
    if head != MAGIC or not hmac.compare_digest(tag, _sign(secret, body)):
        return None  # not signed with this user's key: never used
    return body


def _store(entry: Path, playbook: Playbook, secret: bytes) -> None:
    try:
        body = pickle.dumps(playbook, protocol=pickle.HIGHEST_PROTOCOL)
    except (pickle.PicklingError, RecursionError):
        return
    _write_signed(entry, body, secret)


def _write_signed(entry: Path, body: bytes, secret: bytes) -> None:
    tmp = entry.with_name(f".{entry.stem}.{os.urandom(8).hex()}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(MAGIC + _sign(secret, body) + body)
            os.replace(tmp, entry)
        finally:
            tmp.unlink(missing_ok=True)
    except OSError:
        pass  # a full disk or a read-only home only costs speed


def cached_data(path: Path, load: resources.Loader) -> object:
    """``load(path)`` of one of the program's own data files (a catalogue: plain data), kept parsed
    in the user's cache as marshal, signed like the compiled sets, under a key made of the
    program and the file's bytes. A warm plan reads its message catalogue in a tenth of the time."""
    store = signed_store()
    if store is None:
        return load(path)
    try:
        raw = read_bytes(path, limit=MAX_BYTES)
    except Exception:  # noqa: BLE001 - the loader says why it cannot read it
        return load(path)
    key = hashlib.sha256(program_digest() + path.name.encode() + b"\0" + raw).hexdigest()
    name = f"data-{key}.marshal"
    body = store.get(name)
    if body is not None:
        try:
            return marshal.loads(body)
        except (EOFError, ValueError, TypeError):
            pass
    data = load(path)
    try:
        store.put(name, marshal.dumps(data))
    except ValueError:  # not plain data: read each time
        pass
    return data


class _ProgramKept(resources.Kept):
    """The signed store, its names bound to this program's digest and a salt."""

    def __init__(self, store: SignedStore):
        self.store = store

    def _name(self, name: str, salt: bytes) -> str:
        return f"{name}-{hashlib.sha256(program_digest() + b'/' + salt).hexdigest()}.marshal"

    def get(self, name: str, salt: bytes) -> bytes | None:
        return self.store.get(self._name(name, salt))

    def put(self, name: str, salt: bytes, body: bytes) -> None:
        self.store.put(self._name(name, salt), body)


def program_kept() -> resources.Kept | None:
    store = signed_store()
    return _ProgramKept(store) if store is not None else None


resources.keep_with(cached_data, program_kept)
