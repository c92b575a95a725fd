"""Auto-coding on several processes: whole sources in ordered chunks.

Sources are grouped, in order, into chunks of about :data:`CHUNK_CHARS` characters;
each chunk is coded by a worker process exactly as the single process would code it
(every source is coded whole, so unit indices and stage context are unaffected) and
the results come back in chunk order. So the candidates are the same, in the same
order, as with one process. At most ``2 x workers`` chunks are in flight, so the
results held in memory stay bounded.

Workers are forked from the current process, which has read the sources, built the
spaCy pipeline and compiled the rules already, so they start in milliseconds and are
sent only which slice of the sources to code. Where ``fork`` is not
available (Windows, macOS by default) coding stays in one process. Small inputs stay
in one process too: below :data:`PARALLEL_MIN_CHARS` starting workers costs more than
it saves.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import chain
from typing import Any

from ..corpus.model import Source

PARALLEL_MIN_CHARS = 600_000
"""Below this many characters of source text (about 90,000 words), one process codes."""
CHUNK_CHARS = 100_000
"""Characters of source text per chunk sent to a worker (whole sources, at least one)."""

_JOBS: dict[int, tuple[Callable[..., list[Any]], Sequence[Source], tuple[Any, ...]]] = {}


def fork_available() -> bool:
    """Whether worker processes can be forked here (Linux and other POSIX but macOS)."""
    return (sys.platform != "darwin"
            and "fork" in multiprocessing.get_all_start_methods())


def _other_threads() -> int:
    """Threads besides the main one, not counting tqdm's idle monitor thread."""
    return sum(1 for th in threading.enumerate()
               if th is not threading.main_thread() and type(th).__name__ != "TMonitor")


def plan(sources: Iterable[Source], n_process: int | None,
         min_chars: int = PARALLEL_MIN_CHARS) -> tuple[int, Iterable[Source]]:
    """``(workers, sources)``: how many processes should code ``sources``.

    ``n_process`` None chooses: every CPU when the sources hold at least ``min_chars``
    characters and this process runs no other thread (forking a threaded process, e.g.
    a Jupyter kernel, can deadlock), else 1. An explicit number is used as
    given (1: one process), except that without ``fork`` it is always 1. An iterator
    is read ahead only as far as needed to decide; the returned iterable yields every
    source in order.
    """
    if n_process is not None and n_process < 1:
        raise ValueError(f"n_process must be >= 1 or None, not {n_process}")
    if not fork_available() or n_process == 1:
        return 1, sources
    if n_process is not None:
        return n_process, sources
    if _other_threads():  # forking a threaded process (Jupyter...) may hang
        return 1, sources
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    if not cpus or cpus < 2:
        return 1, sources
    if isinstance(sources, (list, tuple)):
        chars = sum(len(s.text) for s in sources)
        return (cpus if chars >= min_chars else 1), sources
    head: list[Source] = []
    iterator = iter(sources)
    chars = 0
    for source in iterator:
        head.append(source)
        chars += len(source.text)
        if chars >= min_chars:
            return cpus, chain(head, iterator)
    return 1, head


def chunks(sources: Sequence[Source], chunk_chars: int | None = None) -> Iterator[slice]:
    """Consecutive slices of ``sources``, whole sources of about ``chunk_chars``
    characters each (default :data:`CHUNK_CHARS`)."""
    chunk_chars = CHUNK_CHARS if chunk_chars is None else chunk_chars
    start, size = 0, 0
    for index, source in enumerate(sources):
        size += len(source.text)
        if size >= chunk_chars:
            yield slice(start, index + 1)
            start, size = index + 1, 0
    if start < len(sources):
        yield slice(start, len(sources))


def _run(key: int, part: slice) -> list[Any]:
    function, sources, args = _JOBS[key]
    return function(sources[part], *args)


def map_chunks(function: Callable[..., list[Any]], sources: Sequence[Source], workers: int,
               args: tuple[Any, ...] = ()) -> Iterator[tuple[int, list[Any]]]:
    """``(sources in chunk, function(chunk, *args))`` for every chunk of ``sources`` (see
    :func:`chunks`), in chunk order.

    ``function``, ``sources`` and ``args`` reach the forked workers by inheritance (never
    pickled): a worker is told which slice of ``sources`` to code, and its results come
    back pickled. At most ``2 x workers`` chunks are pending at any time.
    """
    key = id(args)
    _JOBS[key] = (function, sources, args)
    context = multiprocessing.get_context("fork")
    pool = context.Pool(workers)
    try:
        pending: deque[tuple[int, Any]] = deque()
        for part in chunks(sources):
            count = part.stop - part.start
            pending.append((count, pool.apply_async(_run, (key, part))))
            if len(pending) >= 2 * workers:
                count, result = pending.popleft()
                yield count, result.get()
        while pending:
            count, result = pending.popleft()
            yield count, result.get()
        pool.close()
        pool.join()
    finally:
        pool.terminate()
        _JOBS.pop(key, None)
