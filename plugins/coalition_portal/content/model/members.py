"""Who is in the coalition: members (``members/<id>.yml``) and roles (``roles.yml``)."""

from __future__ import annotations

import datetime as dt

from pydantic import ConfigDict, Field, model_validator

from .fields import Date, Line, Record, Slug, StrEnum, Text, Url

# --- members/<id>.yml -----------------------------------------------------------------------


class MemberKind(StrEnum):
    organization = "organization"
    person = "person"


class Membership(Record):
    joined: Date
    left: Date | None = None
    reason: Text | None = Field(None, description="Why the member left (or joined again).")

    @model_validator(mode="after")
    def _ordered(self) -> Membership:
        if self.left is not None and self.left < self.joined:
            raise ValueError(f"left ({self.left}) is before joined ({self.joined})")
        return self


class Representative(Record):
    name: Text
    role: Text
    from_: Date = Field(alias="from")
    to: Date | None = None

    model_config = ConfigDict(populate_by_name=False)

    @model_validator(mode="after")
    def _ordered(self) -> Representative:
        if self.to is not None and self.to < self.from_:
            raise ValueError(f"to ({self.to}) is before from ({self.from_})")
        return self


class Member(Record):
    """``content/members/<id>.yml``: an organization or person in the coalition."""

    name: Line
    short_name: Text | None = None
    kind: MemberKind
    constituency: Text
    url: Url | None = None
    memberships: list[Membership] = Field(min_length=1)
    representatives: list[Representative] = []

    def is_member_on(self, day: dt.date) -> bool:
        """A member from the day it joined through the day it left, inclusive."""
        return any(
            p.joined <= day and (p.left is None or day <= p.left) for p in self.memberships
        )

    @property
    def display_name(self) -> str:
        return self.short_name or self.name


# --- roles.yml ----------------------------------------------------------------------------


class Role(Record):
    id: Slug
    name: Line
    description: Text


class Term(Record):
    role: Slug
    member: Slug
    from_: Date = Field(alias="from")
    to: Date | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Term:
        if self.to is not None and self.to < self.from_:
            raise ValueError(f"to ({self.to}) is before from ({self.from_})")
        return self


class Roles(Record):
    """``content/roles.yml``: the rotating functions and who held them when."""

    roles: list[Role] = Field(min_length=1)
    terms: list[Term] = []
