"""Map a function over many inputs on every core, results in input order.

The roll-up reads each village's file in worker processes, a chunk of files at a time. Safe where
processes are spawned rather than forked (Windows, macOS, and Linux when threads are running):
the chunk function and the set-up function are top-level and picklable, the set-up arguments are
pickled once per worker (not once per chunk), and nothing here runs at import. The program's
entry points (``checklist`` and ``python -m checklist``) guard their ``main()`` with
``if __name__ == "__main__"``, which a spawned worker needs.
"""

from __future__ import annotations

import os
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

# None: chosen by ``start_method``; tests set "spawn" to run as Windows does.
START_METHOD: str | None = None
# Fewer inputs than this per worker: the process start costs more than it saves.
MIN_PER_WORKER = 8


def cores() -> int:
    """The processors this process may use (fewer than the machine's under a CPU limit)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def start_method() -> str:
    """fork where it is safe and cheap (Linux, no other thread running: a fork copies only the
    calling thread, and a lock another thread holds would stay locked in the child); spawn
    everywhere else, as on Windows."""
    if START_METHOD is not None:
        return START_METHOD
    if sys.platform.startswith("linux") and threading.active_count() == 1:
        return "fork"
    return "spawn"


def chunked(items: Sequence[T], size: int) -> list[Sequence[T]]:
    return [items[n : n + size] for n in range(0, len(items), size)]


def chunk_size(count: int, jobs: int) -> int:
    """Small enough that workers finish together and progress moves; large enough that each
    chunk's pickled results outweigh the round trip."""
    return max(1, min(64, count // (jobs * 8) or 1))


_ARGS: tuple[Any, ...] = ()


def _keep(args: tuple[Any, ...]) -> None:
    """In each worker, once: the arguments every chunk shares (the rubric, say)."""
    global _ARGS
    _ARGS = args


def _run(work: Callable[..., list[R]], chunk: Sequence[Any]) -> list[R]:
    return work(chunk, *_ARGS)


def map_chunks(
    work: Callable[..., list[R]],
    items: Sequence[T],
    jobs: int,
    args: tuple[Any, ...] = (),
) -> Iterator[R]:
    """``work(chunk, *args)`` returns one result per item of the chunk; this yields the results
    of every chunk, item by item in the order of ``items``. ``work`` is a top-level function;
    ``args`` go to each worker once. ``jobs`` ≤ 1, or too few items to be worth a process: run
    here. At most two chunks per worker are in flight, so results wait in memory only briefly."""
    jobs = min(jobs, len(items) // MIN_PER_WORKER)
    if jobs <= 1:
        yield from work(items, *args)
        return
    import multiprocessing
    from concurrent.futures import Future, ProcessPoolExecutor

    context = multiprocessing.get_context(start_method())
    feed = iter(chunked(items, chunk_size(len(items), jobs)))
    pending: deque[Future[list[R]]] = deque()
    with ProcessPoolExecutor(jobs, mp_context=context, initializer=_keep, initargs=(args,)) as pool:
        for chunk in feed:
            pending.append(pool.submit(_run, work, chunk))
            if len(pending) >= 2 * jobs:
                break
        while pending:
            done = pending.popleft().result()
            for chunk in feed:
                pending.append(pool.submit(_run, work, chunk))
                break
            yield from done
