"""Work shared with a forked copy of this process: each item done once, by one of the two.

Some of a build's work comes before its processes part (the minutes' HTML, which the page
bodies and the feeds both need, is rendered before either forks): :func:`in_two` forks,
has the child do the last items (about half of their ``weight``) and send its results
back, pickled, while this process does the first; the results come in the items' order.
The same work gives the same results in either process.

Where ``os.fork`` is missing, for fewer than two items, or when the child fails, this
process does the items itself (a failure is then raised here, as it would have been).
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import signal
from typing import Callable, Sequence, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")


def in_two(items: Sequence[Item], work: Callable[[Item], Result],
           weight: Callable[[Item], int] = lambda item: 1) -> list[Result]:
    """``[work(item) for item in items]``, the last items' share done by a forked child."""
    split = _split(items, weight)
    if not hasattr(os, "fork") or split in (0, len(items)):
        return [work(item) for item in items]
    read, write = os.pipe()
    frozen = gc.get_freeze_count()  # the caller may have frozen its objects: keep them so
    gc.freeze()  # shared with the child: the collector would copy their pages
    pid = os.fork()
    if pid == 0:  # the child: do the last items, send them, leave without the parent's exits
        os.close(read)
        status = 0
        try:
            data = pickle.dumps([work(item) for item in items[split:]],
                                protocol=pickle.HIGHEST_PROTOCOL)
        except BaseException:  # noqa: BLE001 - the parent does them again, and raises
            data, status = b"", 1
        try:
            with os.fdopen(write, "wb") as out:
                out.write(data)
        finally:
            os._exit(status)
    if not frozen:
        gc.unfreeze()
    os.close(write)
    try:
        mine = [work(item) for item in items[:split]]
    except BaseException:
        _reap(pid, read)
        raise
    with os.fdopen(read, "rb") as source:
        data = source.read()
    _, status = os.waitpid(pid, 0)
    if status != 0 or not data:
        return mine + [work(item) for item in items[split:]]
    return mine + pickle.loads(data)


def _split(items: Sequence, weight: Callable) -> int:
    """Where the child's share begins: about half of the items' weight on either side."""
    weights = [max(0, weight(item)) for item in items]
    half, total = sum(weights) / 2, 0
    for at, w in enumerate(weights):
        if total + w / 2 > half:
            return max(1, at) if len(items) > 1 else at
        total += w
    return len(items)


def _reap(pid: int, read: int) -> None:
    """This process failed: stop the child and close its pipe."""
    with contextlib.suppress(OSError):
        os.kill(pid, signal.SIGKILL)
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, 0)
    with contextlib.suppress(OSError):
        os.close(read)
