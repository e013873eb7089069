"""The platform and what happens to it: its versions, amendments and endorsements."""

from __future__ import annotations

from pydantic import Field, model_validator

from .fields import Date, Record, Slug, StrEnum, Text, Url

# --- platform/<version>.yml -------------------------------------------------------------


class ClauseKind(StrEnum):
    non_negotiable = "non-negotiable"
    delegated = "delegated"
    governance = "governance"
    dissolution = "dissolution"


class Clause(Record):
    id: Slug
    kind: ClauseKind
    title: Text
    text: Text


class PlatformVersion(Record):
    """``content/platform/v<N>.yml``: one adopted version of the platform."""

    number: int = Field(ge=1)
    adopted: Date
    adopted_by: Slug | None = Field(
        None, description="Id of the decision that adopted this version."
    )
    summary: Text | None = None
    clauses: list[Clause] = Field(min_length=1)


# --- amendments/<id>.yml ------------------------------------------------------------------------


class ChangeOp(StrEnum):
    add = "add"
    replace = "replace"
    remove = "remove"


class ClauseChange(Record):
    clause: Slug
    op: ChangeOp
    kind: ClauseKind | None = Field(None, description="For op add: the new clause's kind.")
    title: Text | None = None
    text: Text | None = None

    @model_validator(mode="after")
    def _fields_match_op(self) -> ClauseChange:
        if self.op is ChangeOp.remove and self.text is not None:
            raise ValueError("a remove change takes no text")
        if self.op is not ChangeOp.remove and self.text is None:
            raise ValueError(f"an {self.op} change needs the clause's new text")
        if self.op is ChangeOp.add and (self.kind is None or self.title is None):
            raise ValueError("an add change needs the new clause's kind and title")
        return self


class AmendmentStatus(StrEnum):
    proposed = "proposed"
    adopted = "adopted"
    rejected = "rejected"
    withdrawn = "withdrawn"


class Amendment(Record):
    """``content/amendments/<id>.yml``: a proposed change to the platform."""

    title: Text
    proposed_by: Slug
    proposed_on: Date
    against: Slug = Field(description="The platform version it amends, e.g. v2.")
    rationale: Text
    changes: list[ClauseChange] = Field(min_length=1)
    status: AmendmentStatus
    decided_by: Slug | None = Field(None, description="The decision that settled it.")

    @model_validator(mode="after")
    def _settled_by_decision(self) -> Amendment:
        settled = self.status in (AmendmentStatus.adopted, AmendmentStatus.rejected)
        if settled and self.decided_by is None:
            raise ValueError(f"an amendment that was {self.status} names the decision (decided_by)")
        return self


# --- endorsements/<id>.yml -------------------------------------------------------------------------


class Endorser(Record):
    member: Slug | None = Field(None, description="A member id, when a member endorses.")
    organization: Text | None = Field(None, description="An outside organization's name.")
    url: Url | None = None

    @model_validator(mode="after")
    def _one_of(self) -> Endorser:
        if (self.member is None) == (self.organization is None):
            raise ValueError("give either member (a member id) or organization (a name)")
        return self


class Signer(Record):
    name: Text
    title: Text


class Withdrawal(Record):
    date: Date
    reason: Text


class Endorsement(Record):
    """``content/endorsements/<id>.yml``: an endorsement of a platform version."""

    endorser: Endorser
    platform: Slug = Field(description="The platform version endorsed, e.g. v2.")
    date: Date
    signer: Signer
    statement: Text | None = None
    withdrawn: Withdrawal | None = None
