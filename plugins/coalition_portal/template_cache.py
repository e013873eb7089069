"""Templates compiled by a second process while this one builds the site model (issue 17).

Compiling Jinja templates (the theme's page, its partials, the portal's page bodies) is
half a second of a build, and it used to wait until the first page was laid out, while
the second core sat idle through loading and checking the content.  :class:`CompiledAhead`
forks as the build starts; the child makes the same environments (``environments()``,
which the engine and the portal make the same way in either process), compiles every
template reachable from the names given (its ``extends``, ``include`` and ``import`` of a
fixed name), and sends back their bytecode.  Put in as the environments' bytecode cache,
it hands Jinja the child's code: Jinja itself checks each against its template's source
(a template found elsewhere, or changed since, is compiled as before) and its own version,
so the pages are the same bytes.  Where ``os.fork`` is missing nothing is compiled ahead.
Engine-neutral: only Jinja.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
from typing import Callable, Iterable

from jinja2 import Environment, meta
from jinja2.bccache import Bucket, BytecodeCache

Roots = Iterable[tuple[Environment, Iterable[str]]]  # an environment, the names to start from


class CompiledAhead(BytecodeCache):
    """The bytecode of templates compiled by a forked process."""

    def __init__(self, environments: Callable[[], Roots]) -> None:
        self._compiled: dict[str, bytes] | None = None
        self._read: int | None = None
        self._pid: int | None = None
        if not hasattr(os, "fork"):
            self._compiled = {}
            return
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: compile, send, leave without running the parent's exits
            os.close(read)
            compiled: dict[str, bytes] = {}
            with contextlib.suppress(BaseException):
                for environment, names in environments():
                    compiled.update(compile_reachable(environment, names))
            with contextlib.suppress(BaseException):
                with os.fdopen(write, "wb") as out:
                    pickle.dump(compiled, out, protocol=pickle.HIGHEST_PROTOCOL)
            os._exit(0)
        os.close(write)
        self._read, self._pid = read, pid

    @property
    def compiled(self) -> dict[str, bytes]:
        """The child's bytecode by bucket key (waiting for it the first time)."""
        if self._compiled is None:
            data = b""
            with contextlib.suppress(OSError), os.fdopen(self._read, "rb") as source:
                data = source.read()
            self._read = None
            self.close()
            try:
                self._compiled = pickle.loads(data) if data else {}
            except Exception:  # noqa: BLE001 - a broken answer: compile here
                self._compiled = {}
        return self._compiled

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self.compiled.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)  # Jinja drops it unless the source matches

    def dump_bytecode(self, bucket: Bucket) -> None:
        pass  # compiled here: nothing to keep beyond the environment's own cache

    def close(self) -> None:
        """Stop waiting for the child (it ended, or the build did: then it is stopped, as
        its answer would wait for a reader, and a process forked since holds the pipe)."""
        if self._read is not None:
            os.close(self._read)
            self._read = None
            self._compiled = {}
            if self._pid is not None:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(self._pid, signal.SIGKILL)
        if self._pid is not None:
            with contextlib.suppress(ChildProcessError):
                os.waitpid(self._pid, 0)
            self._pid = None


class _Keeper(BytecodeCache):
    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        pass

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


def compile_reachable(environment: Environment, names: Iterable[str]) -> dict[str, bytes]:
    """The bytecode (by bucket key) of the templates ``names`` and of those they extend,
    include or import by a fixed name; a template that fails to load is left out."""
    keeper = _Keeper()
    environment.bytecode_cache = keeper
    todo, seen = list(names), set()
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        try:
            source = environment.loader.get_source(environment, name)[0]
            environment.get_template(name)
            todo.extend(found for found in meta.find_referenced_templates(
                environment.parse(source)) if found)
        except Exception:  # noqa: BLE001 - not found, or not valid alone: compiled when used
            continue
    return keeper.compiled
