"""The console entry point ends the process as `sys.exit` would for the outside world (exit code,
every line written, `atexit` handlers run) while skipping the interpreter's teardown
(``cli.end_process``)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# A handler and a temporary folder stand for what the outside world sees of an exit.
PROGRAM = """
import atexit, sys, tempfile, threading, time
folder = tempfile.TemporaryDirectory()  # removed by its finalizer at exit
print(folder.name, flush=True)
atexit.register(lambda: print("handler ran"))
if "thread" in sys.argv:  # a thread still working when the command returns
    threading.Thread(target=lambda: (time.sleep(0.3), print("thread finished"))).start()
    sys.argv.remove("thread")
from partyscreen.cli import main
main(sys.argv[1:])
"""


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", PROGRAM, *args], capture_output=True, text=True, cwd=ROOT,
                          env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})


def test_exit_code_output_and_handlers_survive_the_fast_exit() -> None:
    done = _run("--help")
    assert done.returncode == 0
    folder, *rest = done.stdout.splitlines()
    assert any("Commands:" in line for line in rest)
    assert rest[-1] == "handler ran"
    assert not Path(folder).exists()


def test_a_usage_error_keeps_its_exit_code() -> None:
    done = _run("match")
    assert done.returncode == 2
    assert "Missing argument 'NAME'" in done.stderr
    assert done.stdout.splitlines()[-1] == "handler ran"


def test_a_running_thread_is_waited_for() -> None:
    done = _run("thread", "--help")
    assert done.returncode == 0
    assert "thread finished" in done.stdout.splitlines()
