"""How a vote is counted: the tally, the quorum and the outcome a rule gives."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache

from ..content.model import DecisionRule, Outcome, RuleKind, VoteChoice

RULE_WORDS = {
    RuleKind.consent: "consent: adopted unless a member objects (votes no)",
    RuleKind.majority: "majority: adopted when more members vote yes than no",
    RuleKind.supermajority: "supermajority: adopted when yes is at least {threshold} of yes and no",
    RuleKind.consensus: "consensus: adopted when every member taking part votes yes",
}


def describe_rule(rule: DecisionRule) -> str:
    words = RULE_WORDS[rule.kind].format(threshold=rule.threshold)
    return f"{words}; quorum {rule.quorum} of the members"


@dataclass(frozen=True)
class Count:
    """The result of one vote under one rule."""

    yes: int
    no: int
    abstain: int
    absent: int
    recused: int
    eligible: int  # members of the coalition on the meeting date
    needed_for_quorum: int
    outcome: Outcome  # what the rule gives: adopted, rejected or deferred (no quorum)

    @property
    def taking_part(self) -> int:
        return self.yes + self.no + self.abstain + self.recused

    @property
    def quorum_met(self) -> bool:
        return self.taking_part >= self.needed_for_quorum

    def summary(self) -> str:
        parts = [f"{self.yes} yes", f"{self.no} no", f"{self.abstain} abstain"]
        if self.recused:
            parts.append(f"{self.recused} recused")
        if self.absent:
            parts.append(f"{self.absent} absent")
        return ", ".join(parts)


def count(vote: dict[str, VoteChoice], rule: DecisionRule, eligible: int) -> Count:
    tally = Counter(vote.values())
    yes, no = tally[VoteChoice.yes], tally[VoteChoice.no]
    abstain = tally[VoteChoice.abstain]
    top, bottom = _ratio(rule.quorum)
    needed = -(-top * eligible // bottom)  # ceil(quorum * eligible), in integers
    taking_part = yes + no + abstain + tally[VoteChoice.recused]
    if taking_part < needed:
        outcome = Outcome.deferred
    else:
        outcome = Outcome.adopted if _passes(rule, yes, no, abstain) else Outcome.rejected
    return Count(yes, no, abstain, tally[VoteChoice.absent], tally[VoteChoice.recused],
                 eligible, needed, outcome)


@lru_cache(maxsize=64)
def _fraction(text: str) -> Fraction:
    """A rule's "2/3", parsed once: parsing it for each of thousands of votes shows."""
    return Fraction(text)


@lru_cache(maxsize=64)
def _ratio(text: str) -> tuple[int, int]:
    """A rule's "2/3" as (numerator, denominator > 0): the counts compare in integers
    (as exact as fractions, without making one for each of thousands of votes)."""
    fraction = _fraction(text)
    return fraction.numerator, fraction.denominator


def _passes(rule: DecisionRule, yes: int, no: int, abstain: int) -> bool:
    if rule.kind is RuleKind.consent:
        return no == 0
    if rule.kind is RuleKind.majority:
        return yes > no
    if rule.kind is RuleKind.supermajority:
        top, bottom = _ratio(rule.threshold)
        return yes > 0 and yes * bottom >= top * (yes + no)
    return yes > 0 and no == 0 and abstain == 0  # consensus
