"""The processes that clean articles while the writer (the main process) writes them.

They are forked from a fork server, never from the writer: plain fork would hand them
the index lock and Whoosh's write lock. Cleaners start one at a time (Cleaners).
Only index/pipeline.py uses this module.
"""

from __future__ import annotations

import os
import time
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor, wait
from typing import Any, Callable

# Seconds the writer waits in all for cleaned articles before another cleaner starts.
GROW_AFTER = 0.25


class Cleaners:
    """The cleaning processes of a run: one at first, and another, up to `most`, each
    time the writer has waited GROW_AFTER seconds in all for cleaned articles.

    The writer is busy all the run. Where it bounds the run (short articles, or an
    update among many unchanged ones), a second cleaner on two cores only takes turns
    with it: an update of 1,000 Reuters articles took 1.77 s with two from the start
    and 1.54 s with one (medians of six alternating runs). Where the cleaning bounds it
    (long articles), the writer waits and the second starts: BBC's 2,225 articles took
    4.7-5.3 s with two from the start against 6.2-6.9 s with one."""

    def __init__(self, most: int, build: Callable[[Any], Any],
                 prepare: Callable[[list], Any]) -> None:
        """build: the module-level function each cleaner runs; prepare: a batch -> its
        argument."""
        self.most, self.build, self.prepare = most, build, prepare
        self.pools = [start_pool(1)]
        self.turn = 0
        self.waited = 0.0

    def submit(self, batch: list) -> Future:
        pool = self.pools[self.turn % len(self.pools)]
        self.turn += 1
        return pool.submit(self.build, self.prepare(batch))

    def result(self, future: Future, inflight: deque) -> list:
        """future's result; inflight: the batches after it, rebalanced if a cleaner starts."""
        while not future.done():
            start = time.monotonic()
            wait([future], timeout=0.05)
            self.waited += time.monotonic() - start
            if self.waited >= GROW_AFTER and len(self.pools) < self.most:
                self._grow(inflight)
        return future.result()

    def _grow(self, inflight: deque) -> None:
        """Start another cleaner and move to it its share of the batches not yet begun."""
        self.pools.append(start_pool(1))
        self.waited = 0.0
        share = len(self.pools)
        for at, (batch, future) in list(enumerate(inflight)):
            if at % share == share - 1 and future is not None and future.cancel():
                inflight[at] = (batch, self.pools[-1].submit(self.build, self.prepare(batch)))

    def shutdown(self) -> None:
        for pool in self.pools:
            pool.shutdown(cancel_futures=True)


def start_pool(workers: int) -> ProcessPoolExecutor:
    """Worker processes that share no file descriptors with this one.

    Plain fork would hand the index lock (an flock) and Whoosh's write lock to
    the workers, so a killed writer's lock would outlive it in its orphans.
    A fork server starts clean and forks workers from a preloaded image.
    """
    import multiprocessing

    start_fork_server()
    return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("forkserver"),
                               initializer=_init_worker, initargs=(os.getpid(),))


def start_fork_server() -> None:
    """Start the fork server with SIGINT blocked, a mask it and the workers it forks
    inherit: Ctrl-C reaches the whole job, and only this process decides how to stop
    (a fork server interrupted while importing would break the pool with a traceback).
    A Ctrl-C meanwhile waits, pending, until this process unblocks it."""
    import multiprocessing
    import signal
    from multiprocessing import forkserver

    # Everything pipeline._index_batch imports, Whoosh's field types included: loaded once here,
    # while this process reads, not by each worker at its first batch (50-80 ms).
    multiprocessing.get_context("forkserver").set_forkserver_preload(
        ["index.pipeline", "index.meta", "index.quotes", "index.postings", "index.schema"])
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        forkserver.ensure_running()
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)


def _init_worker(main_pid: int) -> None:
    """Ctrl-C reaches the workers too; only the main process decides how to stop.

    A worker also ends itself when the main process is gone (killed with SIGKILL):
    its parent is the fork server, so no signal tells it, and while any worker
    lives the fork server waits for it too; without this both would linger.
    """
    import signal
    import threading

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_exit_with, args=(main_pid,), daemon=True).start()


def _exit_with(main_pid: int, every: float = 1.0) -> None:
    while True:
        time.sleep(every)
        try:
            os.kill(main_pid, 0)
        except ProcessLookupError:
            os._exit(0)
        except PermissionError:  # alive, under another user: not ours to judge
            pass
