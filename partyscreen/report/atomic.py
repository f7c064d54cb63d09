"""Output files that are either complete or absent.

Rules:
- Before any work starts, :func:`check_writable` proves the output can be written: its folder
  exists and accepts a new file (a scratch file is created and removed), and the path is not a
  folder. A failure is a ``UsageError`` (exit 2) naming the path and the reason.
- :class:`AtomicFile` writes to a temporary file in the same folder (``.NAME.XXXX.partial``) and
  renames it over ``path`` only on :meth:`AtomicFile.commit`, so a killed or failed run never
  leaves a truncated file under the requested name (at most a ``.partial`` file beside it). The
  rename is atomic on POSIX and Windows (``os.replace`` within one file system). The new file
  gets the permissions a plain ``open`` would give (umask), or the replaced file's.
- A path that exists and is not a regular file (``/dev/stdout``, a named pipe) is written
  directly: it cannot be renamed over.
- Streaming writers open the temporary file once, write chunk after chunk, then commit.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from partyscreen.errors import UsageError

PARTIAL_SUFFIX = ".partial"


def _is_special(path: Path) -> bool:
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


def check_writable(path: str | Path, what: str = "--out") -> Path:
    """``path`` as a Path once it is known that a file can be written there (see module rules)."""
    target = Path(path)
    if target.is_dir():
        raise UsageError(f"cannot write {what} {target}: it is a folder")
    if _is_special(target):
        if not os.access(target, os.W_OK):
            raise UsageError(f"cannot write {what} {target}: permission denied")
        return target
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise UsageError(f"cannot write {what} {target}: folder {folder} does not exist")
    if target.exists() and not os.access(target, os.W_OK):
        raise UsageError(f"cannot write {what} {target}: the file is read-only")
    try:
        fd, scratch = tempfile.mkstemp(prefix=f".{target.name}.", suffix=PARTIAL_SUFFIX, dir=folder)
    except OSError as exc:
        raise UsageError(f"cannot write {what} {target}: {exc.strerror or exc}") from None
    os.close(fd)
    os.unlink(scratch)
    return target


def _new_file_mode(target: Path) -> int:
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


class AtomicFile:
    """A file written under a temporary name and renamed into place when complete.

    Example:
        >>> out = AtomicFile("report.csv")                   # doctest: +SKIP
        >>> with out.open_text() as fh: fh.write("a,b\\n")     # doctest: +SKIP
        >>> out.commit()                                     # doctest: +SKIP
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.direct = _is_special(self.path)
        folder = self.path.parent if str(self.path.parent) else Path(".")
        if self.direct:
            self.temp = self.path
        else:
            fd, name = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=PARTIAL_SUFFIX, dir=folder)
            os.close(fd)
            self.temp = Path(name)
        self.done = False

    def open_text(self) -> IO[str]:
        """The temporary file for text (UTF-8, newlines as written)."""
        return self.temp.open("w", encoding="utf-8", newline="")

    def open_binary(self) -> IO[bytes]:
        return self.temp.open("wb")

    def commit(self) -> Path:
        """Make the complete file appear under its name (flushed to disk first)."""
        if self.direct:
            self.done = True
            return self.path
        with self.temp.open("rb+") as fh:
            os.fsync(fh.fileno())
        os.chmod(self.temp, _new_file_mode(self.path))
        os.replace(self.temp, self.path)
        self.done = True
        return self.path

    def discard(self) -> None:
        """Remove the temporary file (after a failure); the target is left as it was."""
        if not self.done and not self.direct:
            self.temp.unlink(missing_ok=True)
        self.done = True

    def __enter__(self) -> "AtomicFile":
        return self

    def __exit__(self, exc_type: Any, *_: Any) -> None:
        if exc_type is None and not self.done:
            self.commit()
        else:
            self.discard()


@contextmanager
def atomic_text(path: str | Path) -> Iterator[IO[str]]:
    """Write text to ``path`` atomically: renamed into place when the block ends without error."""
    with AtomicFile(path) as out, out.open_text() as fh:
        yield fh


@contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """A temporary path for writers that take a file name (XLSX), renamed to ``path`` on success."""
    with AtomicFile(path) as out:
        yield out.temp
