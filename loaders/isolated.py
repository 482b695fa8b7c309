"""Reading an uploaded file in a process of its own, with a memory and a time limit.

The app serves many people from one process; a file that takes gigabytes or
minutes to read must cost its uploader a refusal, not everyone else their
session. :func:`read_isolated` runs one of the readers (:data:`TASKS`) in a
fresh Python process (``python -m loaders.isolated``) that

- caps its own address space (``RESPNET_PARSE_MEMORY_MB``, default 2048) and
  CPU time, and dies with the app (``PR_SET_PDEATHSIG``, asked for before it
  reads anything; a worker whose app died while it was starting ends at once);
- is killed when it runs past ``RESPNET_PARSE_SECONDS`` (default 120), as
  soon as the caller's ``stop()`` says the app is shutting down, or when the
  app's interpreter exits (Streamlit's script threads are daemons: the app can
  end before the thread waiting on the worker looks at ``stop()`` again);
- sends back the reader's result or its error, pickled, with its peak memory.

The bounds of :mod:`loaders.bounds` still apply inside: they refuse the known
bombs in well under a second; the process limits catch whatever they do not
foresee. The parent only waits on a pipe, so it never holds the
interpreter's lock while the child works.
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import os
import pickle
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graph.errors import DataSourceError, RespnetError

__all__ = ["TASKS", "Isolated", "attach_cost", "cost", "read_isolated", "settings"]

ROOT = Path(__file__).resolve().parent.parent
PARENT = "RESPNET_WORKER_PARENT"  # the app's pid, in the worker's environment
ORPHANED = 3  # the worker's exit status when the app was gone before it started
_RUNNING: set[subprocess.Popen[bytes]] = set()  # this process's workers still reading


@atexit.register
def _kill_running() -> None:
    for child in list(_RUNNING):
        with contextlib.suppress(OSError):
            child.kill()


#: What a worker can be asked to do: read a data upload, or read a list document.
TASKS = ("read_source", "import_list")


@dataclass(frozen=True)
class Isolated:
    """What came back from a worker: the result and what reading it cost."""

    value: Any
    seconds: float
    peak_mb: float


def attach_cost(error: BaseException, seconds: float, peak_mb: float) -> None:
    """Let ``error`` carry what reading the file cost until it refused it (for the audit line)."""
    error.seconds, error.peak_mb = seconds, peak_mb  # type: ignore[attr-defined]


def cost(error: BaseException) -> dict[str, float]:
    """What reading cost before ``error`` (seconds, worker peak MB), rounded; empty when unknown.

    >>> e = ValueError(); attach_cost(e, 1.23456, 87.654); cost(e)
    {'seconds': 1.23, 'peak_mb': 87.65}
    """
    return {k: round(v, 2) for k in ("seconds", "peak_mb") if (v := getattr(error, k, None)) is not None}


def settings() -> tuple[int, float]:
    """The worker's memory limit (MB) and time limit (seconds) in force."""

    def number(name: str, default: float) -> float:
        try:
            value = float(os.environ.get(name, "") or default)
        except ValueError:
            return default
        return value if value > 0 else default

    return int(number("RESPNET_PARSE_MEMORY_MB", 2048)), number("RESPNET_PARSE_SECONDS", 120)


def read_isolated(
    task: str,
    payload: bytes,
    name: str,
    *,
    stop: Callable[[], bool] | None = None,
    **options: Any,
) -> Isolated:
    """Run reader ``task`` on ``payload`` (a file called ``name``) in a worker.

    Returns
    -------
    Isolated
        The reader's value (a :class:`~loaders.readers.RawInput` for
        ``read_source``, a :class:`~loaders.listimport.ListDraft` for
        ``import_list``), the seconds taken and the worker's peak memory.

    Raises
    ------
    RespnetError
        Whatever the reader raised (a :class:`~loaders.bounds.TooLarge`, a
        :class:`~graph.errors.DocumentError` …), or a
        :class:`~graph.errors.DataSourceError` when the worker ran out of
        time or memory, crashed, or was stopped.
    """
    if task not in TASKS:
        raise ValueError(f"unknown task {task!r}")
    memory_mb, seconds = settings()
    request = pickle.dumps((task, payload, name, options, memory_mb), protocol=pickle.HIGHEST_PROTOCOL)
    started = time.monotonic()
    with tempfile.TemporaryFile(prefix="respnet-upload-") as request_file:  # a file, so the child reads at its pace
        request_file.write(request)
        request_file.seek(0)
        del request
        child = subprocess.Popen(
            [sys.executable, "-m", "loaders.isolated"],
            stdin=request_file,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=ROOT,
            start_new_session=True,  # a signal meant for the app's terminal does not reach it twice
            env={**os.environ, PARENT: str(os.getpid())},
        )
    _RUNNING.add(child)
    out = err = b""
    try:
        while True:
            try:
                out, err = child.communicate(timeout=0.25)
                break
            except subprocess.TimeoutExpired:
                if stop is not None and stop():
                    raise DataSourceError("error.upload_stopped", name=name) from None
                if time.monotonic() - started > seconds:
                    raise DataSourceError("error.upload_timeout", name=name, seconds=f"{seconds:g}") from None
    finally:
        if child.poll() is None:
            child.kill()
            with contextlib.suppress(subprocess.TimeoutExpired):
                child.communicate(timeout=5)
        _RUNNING.discard(child)
    elapsed = time.monotonic() - started
    try:
        status, value, peak_kb = pickle.loads(out)  # our own worker's answer, on its own pipe
    except Exception:  # noqa: BLE001 - no answer: the worker died (killed, out of memory, a crash)
        if child.returncode in (-signal.SIGKILL, -signal.SIGXCPU, -signal.SIGSEGV) or b"MemoryError" in err:
            raise DataSourceError("error.upload_memory", name=name, megabytes=memory_mb) from None
        detail = err.decode("utf-8", "replace").strip().splitlines()[-1:] or [f"exit {child.returncode}"]
        # the worker's last words go to the server's log, one line; the user is told in words
        logging.getLogger("respnet").warning("reading %s: the worker ended: %s", name, detail[0][:200])
        raise DataSourceError("error.upload_crashed", name=name) from None
    if status == "memory":
        raise DataSourceError("error.upload_memory", name=name, megabytes=memory_mb)
    if status == "error":
        assert isinstance(value, RespnetError)
        attach_cost(value, elapsed, peak_kb / 1024)
        raise value
    return Isolated(value, elapsed, peak_kb / 1024)


# ---------------------------------------------------------------- the worker
def _limit_self(memory_mb: int, seconds: float) -> None:
    """Cap this worker's address space and CPU time."""
    import resource

    cap = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    cpu = int(seconds) + 5
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 5))


def _die_with_parent() -> None:
    """Be killed when the app ends, and end now if it already has.

    ``PR_SET_PDEATHSIG`` only covers a parent that dies after it is asked
    for; the app can be stopped while this worker is still importing. The
    app's pid, passed in :data:`PARENT`, tells: once it is no longer this
    process's parent, the worker was orphaned before it could ask.
    """
    import ctypes

    with contextlib.suppress(OSError, AttributeError):
        pr_set_pdeathsig = 1
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL)
    parent = os.environ.get(PARENT, "")
    if parent.isdigit() and int(parent) != os.getppid():
        os._exit(ORPHANED)


def _run(task: str, payload: bytes, name: str, options: dict[str, Any]) -> Any:
    import io

    buffer = io.BytesIO(payload)
    buffer.name = name
    if task == "read_source":
        from loaders.sources import read_source

        return read_source(buffer, name)
    from loaders.listimport import import_list

    return import_list(buffer, name=name, **options)


def _peak_kb() -> int:
    """This process's own peak resident memory. ``VmHWM`` counts only its own
    address space; ``ru_maxrss`` would also count the parent it was spawned
    from (Linux carries the forked copy's high-water mark across exec)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    import resource

    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def _worker() -> None:
    _die_with_parent()
    task, payload, name, options, memory_mb = pickle.loads(sys.stdin.buffer.read())
    _limit_self(memory_mb, settings()[1])
    try:
        answer: tuple[str, Any] = ("ok", _run(task, payload, name, options))
    except MemoryError:
        answer = ("memory", None)
    except RespnetError as e:
        answer = ("error", e)
    peak = _peak_kb()
    try:
        data = pickle.dumps((*answer, peak), protocol=pickle.HIGHEST_PROTOCOL)
    except MemoryError:
        data = pickle.dumps(("memory", None, peak))
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()


if __name__ == "__main__":
    _worker()
