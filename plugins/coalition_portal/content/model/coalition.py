"""``coalition.yml``: who the coalition is, and the rules its decisions are taken by."""

from __future__ import annotations

from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AfterValidator, Field, field_validator, model_validator

from .fields import Date, Email, Line, Ratio, Record, Slug, StrEnum, Text, Url


def _timezone(value: object) -> object:
    if isinstance(value, str):
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(
                f"{value!r} is not a known IANA time zone (for example Europe/Berlin)"
            ) from None
    return value


class RuleKind(StrEnum):
    consent = "consent"  # adopted unless someone objects (votes no)
    majority = "majority"  # more yes than no
    supermajority = "supermajority"  # yes is at least `threshold` of yes + no
    consensus = "consensus"  # every member taking part votes yes


class DecisionRule(Record):
    """How a class of decision is taken."""

    kind: RuleKind
    threshold: Ratio | None = Field(
        None, description="Share of yes among yes + no needed (supermajority only), e.g. \"2/3\"."
    )
    quorum: Ratio = Field(
        "1/2", description="Share of the members on the meeting date who must take part."
    )

    @model_validator(mode="after")
    def _threshold_matches_kind(self) -> DecisionRule:
        if self.kind is RuleKind.supermajority and self.threshold is None:
            raise ValueError("a supermajority rule needs a threshold such as \"2/3\"")
        if self.kind is not RuleKind.supermajority and self.threshold is not None:
            raise ValueError(f"a threshold only applies to supermajority, not to {self.kind}")
        return self


class Cadence(StrEnum):
    weekly = "weekly"
    biweekly = "biweekly"
    monthly = "monthly"
    quarterly = "quarterly"


class Coalition(Record):
    """``content/coalition.yml``: who the coalition is and how it governs itself."""

    name: Line
    short_name: Text | None = None
    shared_interest: Text = Field(description="The shared interest, in one sentence.")
    description: Text | None = None
    timezone: Annotated[str, AfterValidator(_timezone)] = Field(
        description="IANA time zone in which every date and time is read."
    )
    site_url: Url | None = None
    repo_url: Url | None = None
    contact: Email | None = Field(
        None, description="The coalition's public email address, shown in every page's footer; "
                          "people write to it, for example to endorse the platform without an "
                          "account on the repository's site."
    )
    publication_target_days: int = Field(7, ge=1, le=365)
    cadence: Cadence
    decision_rules: dict[Slug, DecisionRule] = Field(
        description="Decision classes and the rule each is taken by."
    )
    dissolution_protocol: Text
    founded: Date
    replant_horizon_years: int = Field(5, ge=1, le=50)

    @field_validator("decision_rules")
    @classmethod
    def _some_rules(cls, rules: dict) -> dict:
        if not rules:
            raise ValueError("name at least one decision class and its rule")
        return rules
