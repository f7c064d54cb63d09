"""Read a register file in a worker process while this process writes what it stages.

Rules:
- A forked worker reads the file record by record with the format's reader, exactly as an
  in-process import does, and sends the staging tables' rows in blocks of whole records (when a
  stage has ``registry.FLUSH_ROWS`` rows, every stage's rows, then a ``block`` mark) through a
  pipe; this process loads each block into the staging tables as it arrives, so reading and
  writing overlap on two cores. The pipe holds little more than one message: when this process
  falls behind, the worker waits, and memory stays flat whatever the file size.
- A BODS file read into SQLite is also merged into the real tables block by block as it arrives
  (``direct``); a thread then receives the worker's messages into a bounded queue
  (``AHEAD_MESSAGES``), so the worker reads on while a block is merged.
- At the end the worker sends what it counted (records, problems, skipped interests, the origins
  of holdings) and the loader's ``finish`` merges as in-process (or, merged by blocks, what is
  left): the same checks, the same transaction, the same errors. A bad record is reported exactly
  as in-process (file, record or line, field), and nothing is written.
- A failure of the worker that is not an input error (a bug, a kill) ends the import with an
  error naming the file; the caller's transaction rolls back.
- Files smaller than ``PARALLEL_BYTES``, and systems without ``fork``, are read in this process
  (starting a worker costs more than it saves).
- The file's checksum (for ``import_batch``) is computed by a thread of this process while the
  worker reads (started after the fork; hashing releases the GIL), so it is ready when the merge
  starts instead of being read once more afterwards.
"""

from __future__ import annotations

import marshal
import multiprocessing as mp
import pickle
import queue
import threading
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from partyscreen.errors import InputError
from partyscreen.store import bulk
from partyscreen.store.importers import direct
from partyscreen.store.importers.records import file_checksum, members, read_records
from partyscreen.store.importers.registry import STAGES, RegistryLoader

PARALLEL_BYTES = 8 << 20
"""Files at least this large (8 MiB) are read in a worker process."""
AHEAD_MESSAGES = 24
"""Messages (each up to ``registry.FLUSH_ROWS`` rows of one stage, or a mark) the worker may send
ahead of the block being merged: about four blocks, some 30 MiB."""
JOIN_SECONDS = 30.0
"""How long the worker is given to exit once it has sent everything."""


def read_file(loader: RegistryLoader, path: Path, reader_class: Callable[[RegistryLoader], Any]) -> str:
    """Stage every record of ``path`` with ``loader`` (in a worker process when it pays); the
    file's checksum."""
    if path.stat().st_size >= PARALLEL_BYTES and "fork" in mp.get_all_start_methods():
        digest = _Checksum(path)
        if direct.usable(loader):
            loader.direct = direct.DirectMerge(loader, str(path))
        try:
            read_in_worker(loader, path, reader_class, digest.start)
        except BaseException:
            if loader.direct is not None:
                loader.direct.abandon()
            raise
        return digest.result()
    reader = reader_class(loader)
    for member in members(path):
        for record in read_records(member):
            reader.read(record)
    return file_checksum(path)


class _Checksum:
    """``file_checksum(path)`` computed by a thread of its own (``start``), read by ``result``."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.value: str | None = None
        self.error: BaseException | None = None
        self.thread: threading.Thread | None = None

    def start(self) -> None:
        self.thread = threading.Thread(target=self._run, name="checksum", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        try:
            self.value = file_checksum(self.path)
        except BaseException as exc:  # noqa: BLE001 - raised by result()
            self.error = exc

    def result(self) -> str:
        if self.thread is not None:
            self.thread.join()
        if self.error is not None:
            raise self.error
        return self.value if self.value is not None else file_checksum(self.path)


class _Sender(RegistryLoader):
    """The worker's loader: staged rows go to the pipe instead of the database, every stage's
    buffer at once and only between records (``send_block``, when a buffer is full), each such
    block followed by a ``block`` mark: a block holds whole records, so the receiving process
    can merge it while the worker reads on (``direct``)."""

    pipe: Any = None
    due: bool = False

    def __post_init__(self) -> None:
        self._make_buffers()

    def _flush(self, stage: bulk.Stage) -> None:
        self.due = True  # sent after the record being read (send_block)

    def send_block(self) -> None:
        """Send every non-empty buffer, then the ``block`` mark."""
        for stage in STAGES:
            buffer = self._buffers[stage.name]
            if buffer:
                self.pipe.send_bytes(marshal.dumps((stage.name, buffer)))  # plain values only: quicker than pickle
                buffer.clear()
        _control(self.pipe, ("block",))
        self.due = False


_CONTROL = b"\x00"
"""First byte of a control message (a pickle after it); a block of rows is a marshal dump, which never starts so."""


def _control(pipe: Any, message: tuple[Any, ...]) -> None:
    pipe.send_bytes(_CONTROL + pickle.dumps(message))


def _work(
    pipe: Any, path: Path, reader_class: Callable[[RegistryLoader], Any], source: str, resolve: bool, by_blocks: bool
) -> None:
    """The worker: read, send the rows, then the counts (or the input error, or the traceback);
    ``by_blocks``: the blocks are merged as they come, so holdings name the records read so far."""
    try:
        loader = _Sender(None, source, resolve_records=resolve)  # type: ignore[arg-type]
        loader.pipe = pipe
        if by_blocks:
            loader.entity_of = {}
        reader = reader_class(loader)
        read = reader.read
        for member in members(path):
            for record in read_records(member):
                read(record)
                if loader.due:
                    loader.send_block()
        if not loader.total_problems:
            loader.send_block()
        _control(pipe, ("done", loader.records, loader.problems, loader.total_problems, loader.skipped, loader._origins))
    except InputError as exc:
        _control(pipe, ("input-error", exc.problems, exc.total))
    except BaseException:  # noqa: BLE001 - reported to the parent, which raises
        _control(pipe, ("crash", traceback.format_exc()))
    finally:
        pipe.close()


def read_in_worker(
    loader: RegistryLoader, path: Path, reader_class: Callable[[RegistryLoader], Any],
    started: Callable[[], None] | None = None,
) -> None:
    """Stage ``path`` with ``loader``, the file read by a forked worker (see module rules);
    ``started`` is called once the worker is forked."""
    context = mp.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    worker = context.Process(
        target=_work, args=(sender, path, reader_class, loader.source, loader.resolve_records, loader.direct is not None), daemon=True
    )
    worker.start()
    sender.close()
    if started is not None:
        started()
    stages = {stage.name: stage for stage in STAGES}
    finished = False
    inbox = _Inbox(receiver) if loader.direct is not None else None
    try:
        while True:
            try:
                message = receiver.recv_bytes() if inbox is None else inbox.get()
            except EOFError:
                worker.join(JOIN_SECONDS)
                raise RuntimeError(
                    f"{path}: the process reading the file ended without finishing (exit code {worker.exitcode})"
                ) from None
            if message[:1] != _CONTROL:
                name, rows = marshal.loads(message)
                if loader.direct is not None:
                    rows = loader.direct.received(message, name, rows)
                bulk.load_stage(loader.conn, stages[name], rows, nul_checked=True)  # reading refused NUL
                continue
            message = pickle.loads(message[1:])
            tag = message[0]
            if tag == "block":
                if loader.direct is not None:
                    loader.direct.block()
                continue
            if tag == "done":
                _, loader.records, loader.problems, loader.total_problems, loader.skipped, loader._origins = message
                finished = True
                return
            elif tag == "input-error":
                raise InputError(message[1], total=message[2])
            else:
                raise RuntimeError(f"{path}: reading the file failed in its worker process:\n{message[1]}")
    finally:
        if not finished:
            worker.kill()
        if inbox is not None:
            inbox.stop()
        receiver.close()
        worker.join(JOIN_SECONDS)


class _Inbox:
    """Messages from the worker, received by a thread of their own into a bounded queue
    (``AHEAD_MESSAGES``): while this process merges a block, the worker reads on (without it the
    worker would wait for each merge, and reading and merging would take turns instead of overlapping)."""

    def __init__(self, receiver: Any) -> None:
        self.receiver = receiver
        self.queue: queue.Queue[bytes | None] = queue.Queue(AHEAD_MESSAGES)
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._run, name="worker-inbox", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while not self.stopping.is_set():
            try:
                message: bytes | None = self.receiver.recv_bytes()  # releases the GIL while it waits
            except (EOFError, OSError):
                message = None
            while not self.stopping.is_set():
                try:
                    self.queue.put(message, timeout=0.1)
                    break
                except queue.Full:
                    continue
            if message is None:
                return

    def get(self) -> bytes:
        """The next message; ``EOFError`` when the worker closed its end."""
        message = self.queue.get()
        if message is None:
            raise EOFError
        return message

    def stop(self) -> None:
        """End the thread (the import finished, or failed and killed the worker)."""
        self.stopping.set()
        self.thread.join(JOIN_SECONDS)
