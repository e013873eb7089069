"""Problems found in content, as values: a file, a line, a field and a plain message."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Severity(str, Enum):
    error = "error"
    warning = "warning"
    info = "info"


@dataclass(frozen=True, order=True)
class Finding:
    """One problem, in words a secretary understands.

    ``path`` is relative to the content folder's parent when possible (e.g.
    ``content/members/parks-dept.yml``); ``line`` is 1-based, 0 when the problem
    concerns the whole file; ``field`` is a dotted path such as
    ``memberships[1].joined``, empty for the whole file.
    """

    path: str
    line: int
    field: str
    message: str
    severity: Severity = Severity.error

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        field = f" {self.field}:" if self.field else ""
        prefix = "" if self.severity is Severity.error else f"{self.severity.value}: "
        return f"{where}:{field} {prefix}{self.message}"


class ContentError(Exception):
    """Raised by the loader with every error of every file, sorted."""

    def __init__(self, findings: list[Finding]):
        self.findings = sorted(findings)
        super().__init__(self.report())

    def report(self) -> str:
        return "\n".join(str(f) for f in self.findings)


def errors(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity is Severity.error]


def warnings(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity is Severity.warning]


def notes(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity is Severity.info]


def field_path(loc: tuple) -> str:
    """``("memberships", 1, "joined")`` -> ``memberships[1].joined``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out
