"""The worker that reads an upload (loaders.isolated) ends with the app.

CI once found a worker still alive after the app had stopped: the app was
stopped while the worker was still importing, before it had asked to be killed
with its parent. These tests start real processes; no server is involved.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap

import pytest

from loaders.isolated import ORPHANED, ROOT, read_isolated

# an "app" that starts a worker and dies the instant the worker exists,
# long before the worker's Python has started
_CRASHING_APP = textwrap.dedent(
    """
    import os, subprocess
    import loaders.isolated as isolated

    real = subprocess.Popen

    def spawn_and_die(*args, **kwargs):
        child = real(*args, **kwargs)
        print(child.pid, flush=True)
        os._exit(0)

    subprocess.Popen = spawn_and_die
    isolated.read_isolated("read_source", b"not a workbook", "upload.xlsx")
    """
)

# an app that exits normally while a daemon thread (as Streamlit's script
# threads are) still waits on the worker
_EXITING_APP = textwrap.dedent(
    """
    import threading, time
    import loaders.isolated as isolated

    threading.Thread(
        target=isolated.read_isolated, args=("read_source", b"not a workbook", "upload.xlsx"), daemon=True
    ).start()
    deadline = time.monotonic() + 10
    while not isolated._RUNNING and time.monotonic() < deadline:
        time.sleep(0.001)
    print(next(iter(isolated._RUNNING)).pid, flush=True)
    """
)

# the orphaned worker is handed to this process (a child subreaper), which
# can then wait for it and read how it ended
_REAPER = textwrap.dedent(
    """
    import ctypes, os, subprocess, sys, time
    assert ctypes.CDLL(None, use_errno=True).prctl(36, 1) == 0  # PR_SET_CHILD_SUBREAPER
    app = subprocess.Popen([sys.executable, "-c", sys.argv[1]], stdout=subprocess.PIPE)
    worker = int(app.stdout.readline())
    app.wait()
    started = time.monotonic()
    _, status = os.waitpid(worker, 0)
    print(os.waitstatus_to_exitcode(status), round(time.monotonic() - started, 2))
    """
)


def _orphan(app: str) -> tuple[int, float]:
    """How the worker of ``app`` ended once ``app`` was gone, and how long after."""
    done = subprocess.run(
        [sys.executable, "-c", _REAPER, app], cwd=ROOT, capture_output=True, text=True, timeout=60, check=True
    )
    status, seconds = done.stdout.split()
    print(f"the worker ended with status {status}, {seconds} s after its app")
    return int(status), float(seconds)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_CHILD_SUBREAPER is Linux's")
def test_a_worker_whose_app_died_while_it_started_ends_without_reading() -> None:
    status, seconds = _orphan(_CRASHING_APP)
    assert status == ORPHANED  # not 0 or a broken pipe: it never read the upload
    assert seconds < 5


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_CHILD_SUBREAPER is Linux's")
def test_an_app_that_exits_kills_its_worker_on_the_way_out() -> None:
    status, seconds = _orphan(_EXITING_APP)
    assert status == -signal.SIGKILL  # killed by the app itself, not left to notice
    assert seconds < 0.5


def test_a_worker_with_its_app_alive_reads_and_answers() -> None:
    read = read_isolated("read_source", b"not a workbook", "upload.xlsx")
    assert [p.code.value for p in read.value.problems] == ["bad_workbook"]  # the reader's own answer
    assert read.peak_mb > 0
