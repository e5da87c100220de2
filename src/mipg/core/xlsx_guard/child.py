"""Parsing in a forked child process with an address-space limit (RLIMIT_AS) and a time limit, so that a
file that still manages to exhaust memory kills the child, not the worker. The child sends its result
back pickled through a pipe."""

import faulthandler
import os
import pickle
import resource
import select
import signal
import time

from django.utils.translation import gettext as _

from ..imports import ImportRejected
from .common import CHUNK, Limits, not_a_workbook, reject


def _result_limit() -> int:
    """Largest answer a child may send, read from the package so that `xlsx_guard.RESULT_LIMIT` stays
    the one knob (tests lower it)."""
    from mipg.core import xlsx_guard

    return xlsx_guard.RESULT_LIMIT


def run_isolated(function, *args, lim: Limits):
    """Run `function(*args)` in a forked child with RLIMIT_AS = current size + lim.memory and a time
    limit; return its (pickled) result. Any crash, limit or exception becomes a Spanish ImportRejected."""
    if not hasattr(os, "fork"):  # pragma: no cover - non-POSIX development machines
        return function(*args)
    result_limit = _result_limit()
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # child: never returns
        status = 0
        try:
            os.close(read_end)
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, 2)  # a native abort's backtrace is not the worker's log
            faulthandler.disable()
            _limit_child(lim)
            try:
                payload = pickle.dumps(("ok", function(*args)), protocol=pickle.HIGHEST_PROTOCOL)
            except ImportRejected as error:
                payload = pickle.dumps(("rejected", error.problems), protocol=pickle.HIGHEST_PROTOCOL)
            except MemoryError:
                payload, status = b"", 3
            except Exception:
                payload = pickle.dumps(("invalid", None), protocol=pickle.HIGHEST_PROTOCOL)
            if len(payload) > result_limit:
                payload = pickle.dumps(("too_much", None), protocol=pickle.HIGHEST_PROTOCOL)
            view = memoryview(payload)
            while view:
                written = os.write(write_end, view)
                view = view[written:]
        except BaseException:
            status = 4
        finally:
            os._exit(status)
    os.close(write_end)
    chunks = []
    received = 0
    deadline = time.monotonic() + lim.timeout
    problem = None
    poller = select.poll()  # not select(): a busy worker may hold descriptors past FD_SETSIZE
    poller.register(read_end, select.POLLIN)
    try:
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                problem = _("El libro tardó más de %(seconds)s segundos en leerse: no se procesa.") % {
                    "seconds": int(lim.timeout)
                }
                break
            if not poller.poll(remaining * 1000):
                continue
            chunk = os.read(read_end, CHUNK)
            if not chunk:
                break
            received += len(chunk)
            if received > result_limit:
                problem = _("El libro tiene más contenido del que el servidor puede recibir: no se procesa.")
                break
            chunks.append(chunk)
    finally:
        os.close(read_end)
        if problem is not None:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        _pid, status = os.waitpid(pid, 0)
    if problem is not None:
        raise reject(problem)
    if status != 0 or not chunks:
        raise reject(
            _(
                "El libro no se pudo leer dentro de los límites de memoria y tiempo del servidor "
                "(archivo dañado o malicioso): no se procesa."
            )
        )
    kind, value = pickle.loads(b"".join(chunks))
    if kind == "ok":
        return value
    if kind == "rejected":
        raise ImportRejected(value)
    if kind == "too_much":
        raise reject(_("El libro tiene más contenido del que el servidor puede recibir: no se procesa."))
    raise not_a_workbook()


def _limit_child(lim: Limits) -> None:
    try:
        with open("/proc/self/statm") as handle:
            current = int(handle.read().split()[0]) * resource.getpagesize()
    except OSError:  # pragma: no cover - no /proc: only the time limit applies
        current = None
    if current is not None:
        ceiling = current + lim.memory
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            ceiling = min(ceiling, hard)
        resource.setrlimit(resource.RLIMIT_AS, (ceiling, hard))
    cpu = int(lim.timeout) + 1
    _soft, hard = resource.getrlimit(resource.RLIMIT_CPU)
    if hard != resource.RLIM_INFINITY:
        cpu = min(cpu, hard)
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, hard))
