"""Output files are complete or absent: the temporary file, the rename, the checks before work."""

import os

import pytest

from partyscreen.errors import UsageError
from partyscreen.report.atomic import AtomicFile, atomic_text, check_writable


def test_the_file_appears_only_when_complete(tmp_path):
    target = tmp_path / "r.csv"
    out = AtomicFile(target)
    with out.open_text() as fh:
        fh.write("a,b\n1,2\n")
        assert not target.exists()  # half-written: nothing under the requested name
    out.commit()
    assert target.read_text(encoding="utf-8") == "a,b\n1,2\n"
    assert [p.name for p in tmp_path.iterdir()] == ["r.csv"]


def test_a_failure_keeps_the_previous_file_and_leaves_no_temporary(tmp_path):
    target = tmp_path / "r.csv"
    target.write_text("previous\n", encoding="utf-8")
    with pytest.raises(RuntimeError):
        with atomic_text(target) as fh:
            fh.write("partial")
            raise RuntimeError("killed")
    assert target.read_text(encoding="utf-8") == "previous\n"
    assert [p.name for p in tmp_path.iterdir()] == ["r.csv"]


def test_new_files_get_the_usual_permissions_and_replaced_files_keep_theirs(tmp_path):
    umask = os.umask(0o022)
    try:
        with atomic_text(tmp_path / "new.csv") as fh:
            fh.write("x")
        assert (tmp_path / "new.csv").stat().st_mode & 0o777 == 0o644
        kept = tmp_path / "kept.csv"
        kept.write_text("old")
        kept.chmod(0o640)
        with atomic_text(kept) as fh:
            fh.write("new")
        assert kept.stat().st_mode & 0o777 == 0o640
    finally:
        os.umask(umask)


def test_check_writable_refuses_before_any_work(tmp_path):
    (tmp_path / "file").write_text("x")
    for bad, words in [
        (tmp_path / "missing" / "r.csv", "does not exist"),
        (tmp_path / "file" / "r.csv", "does not exist"),
        (tmp_path, "is a folder"),
    ]:
        with pytest.raises(UsageError, match=words):
            check_writable(bad)
    assert check_writable(tmp_path / "ok.csv") == tmp_path / "ok.csv"
    assert not (tmp_path / "ok.csv").exists() and len(list(tmp_path.iterdir())) == 1


def test_a_device_is_written_directly(tmp_path):
    with atomic_text("/dev/null") as fh:
        fh.write("discarded")
    assert check_writable("/dev/null").name == "null"
