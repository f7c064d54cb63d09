"""A small on-disk cache for tables that are slow to build and fully determined by a key.

Rules:
- Where: ``$PARTYSCREEN_CACHE_DIR`` if set, else the user cache folder (platformdirs:
  ``~/.cache/partyscreen`` on Linux, ``~/Library/Caches/partyscreen`` on macOS,
  ``%LOCALAPPDATA%\\partyscreen\\Cache`` on Windows). ``PARTYSCREEN_CACHE_DIR=off`` turns the
  cache off.
- An entry is found by a key that digests everything its content depends on (the callers put
  the library versions, the code's version and the input data in it), so a stale entry is
  never read: a changed input is a different key.
- An entry is a file: a header with the SHA-256 of its payload, then the payload (a pickle). A
  file whose digest does not match (truncated, corrupt, half-written by a crashed process) is
  deleted and rebuilt. Files are written to a temporary name and renamed into place, so
  concurrent writers never expose a partial file (the last rename wins; both are complete).
- The cache only speeds things up: a folder that cannot be created or written is ignored.
- The newest ``KEEP_PER_KIND`` entries of each kind are kept; older ones are deleted.

Only partyscreen writes these files, into a folder of the user's own; a pickle is loaded only
when its digest matches the header written with it.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from pathlib import Path
from typing import Any

CACHE_DIR_ENV = "PARTYSCREEN_CACHE_DIR"
OFF_VALUES = frozenset({"off", "none", "0", "false", "no"})
MAGIC = b"partyscreen-cache 1\n"
KEEP_PER_KIND = 8
"""Entries kept per kind (e.g. match indexes of several databases, policies or dates)."""


def cache_dir() -> Path | None:
    """The cache folder, or None when the cache is turned off."""
    configured = os.environ.get(CACHE_DIR_ENV)
    if configured is not None and configured.strip().lower() in OFF_VALUES:
        return None
    if configured and configured.strip():
        return Path(configured).expanduser()
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("partyscreen", appauthor=False))


def digest(*parts: object) -> str:
    """A key from the parts' reprs (use only values whose repr is stable: str, int, tuples…)."""
    h = hashlib.sha256()
    for part in parts:
        h.update(repr(part).encode("utf-8", "surrogatepass"))
        h.update(b"\x00")
    return h.hexdigest()


def _path(kind: str, key: str) -> Path | None:
    folder = cache_dir()
    return None if folder is None else folder / f"{kind}-{key[:40]}.pickle"


def load(kind: str, key: str) -> Any | None:
    """The cached object for (kind, key), or None when absent, unreadable or corrupt."""
    path = _path(kind, key)
    if path is None:
        return None
    header_end = len(MAGIC) + 65
    try:
        with path.open("rb") as fh:  # hashed, then unpickled, from the file: no copy of the whole payload in memory
            head = fh.read(header_end)
            if head[: len(MAGIC)] == MAGIC and len(head) == header_end:
                expected = head[len(MAGIC) : header_end - 1].decode("ascii", "replace")
                digest = hashlib.sha256()
                for block in iter(lambda: fh.read(1 << 20), b""):
                    digest.update(block)
                if fh.tell() > header_end and digest.hexdigest() == expected:
                    fh.seek(header_end)
                    try:
                        value = pickle.load(fh)
                    except Exception:  # noqa: BLE001 - e.g. a class renamed since: rebuild
                        pass
                    else:
                        _touch(path)
                        return value
    except OSError:
        return None
    _remove(path)
    return None


def store(kind: str, key: str, value: object) -> None:
    """Save ``value`` for (kind, key); silently does nothing if the folder is not writable."""
    path = _path(kind, key)
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{kind}-", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                # the pickle is streamed into the file and digested as it goes (no copy of it in
                # memory: a million customers' subject index is hundreds of MB); the header's
                # digest is filled in after
                fh.write(MAGIC + b"0" * 64 + b"\n")
                digest = hashlib.sha256()
                pickle.dump(value, _Digesting(fh, digest), protocol=pickle.HIGHEST_PROTOCOL)
                fh.seek(len(MAGIC))
                fh.write(digest.hexdigest().encode("ascii"))
            os.replace(tmp, path)
        except BaseException:
            _remove(Path(tmp))
            raise
    except (OSError, pickle.PicklingError):
        return
    _prune(path.parent, kind)


class _Digesting:
    """A binary file wrapper that feeds what is written to a hash as well."""

    def __init__(self, fh: Any, digest: Any) -> None:
        self.fh, self.digest = fh, digest

    def write(self, data: Any) -> int:
        self.digest.update(data)
        return int(self.fh.write(data))


def _prune(folder: Path, kind: str) -> None:
    """Keep the newest KEEP_PER_KIND entries of a kind."""
    try:
        entries = sorted(folder.glob(f"{kind}-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
    except OSError:
        return
    for old in entries[KEEP_PER_KIND:]:
        _remove(old)


def _touch(path: Path) -> None:
    """Mark an entry as used (pruning keeps the most recently used)."""
    try:
        os.utime(path)
    except OSError:
        pass


def _remove(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass
