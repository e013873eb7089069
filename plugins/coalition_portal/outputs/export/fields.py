"""The open data's shared field types, the glossary of field meanings and the base model.

Every row and object of the export is an :class:`Out`: closed, immutable, and described
field by field (a field's own description, else the glossary's), so the JSON Schema and
the open-data page's data dictionary made from the models describe every field.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import BaseModel, ConfigDict, WithJsonSchema

DATE_SCHEMA = {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
Day = Annotated[str, WithJsonSchema(DATE_SCHEMA)]
MaybeDay = Annotated[str | None, WithJsonSchema({"anyOf": [DATE_SCHEMA, {"type": "null"}]})]
Id = Annotated[str, WithJsonSchema({"type": "string", "pattern": r"^[a-z0-9][a-z0-9-]{0,62}$"})]
Url = Annotated[str, WithJsonSchema({"type": "string", "format": "uri",
                                     "pattern": r"^https?://"})]


# The meaning of fields whose name says it all; a field's own description wins, and a
# ``Model.field`` key wins over a bare field name.  Every field ends up described.
GLOSSARY = {
    "id": "The record's id, the same in every file and in the page URLs.",
    "name": "Full name.",
    "short_name": "Short name used in tables; empty when there is none.",
    "label": "The role's name.",
    "description": "What the role does.",
    "website": "The member's own website; empty when unknown.",
    "page_url": "The record's page on the portal (absolute URL).",
    "member_id": "Member id (the file name in content/members/).",
    "meeting_id": "Meeting id (the file name in content/meetings/).",
    "decision_id": "Decision id (unique across all meetings).",
    "endorsement_id": "Endorsement id (the file name in content/endorsements/).",
    "event_id": "Meeting id (the file name in content/meetings/).",
    "motion_id": "Decision id (unique across all meetings).",
    "role_id": "Role id (as in content/roles.yml).",
    "post_id": "Role id, for a term in a rotating role; empty for plain membership.",
    "organization_id": "Always 'coalition': the coalition itself.",
    "member_type": "organization or person.",
    "chair_id": "Member id of the chair; empty when none was recorded.",
    "meeting_date": "The meeting's date.",
    "date": "The day of the record.",
    "start_date": "The first day.",
    "end_date": "The last day; empty while it lasts.",
    "joined": "The day the membership period began.",
    "left": "The day the membership period ended; empty while it lasts.",
    "role": "The role's name.",
    "title": "The record's title.",
    "text": "The clause's text.",
    "kind": "The record's kind.",
    "end": "Local end time, HH:MM; empty when not recorded.",
    "location": "Where the meeting takes place; empty when not recorded.",
    "public": "Whether the meeting is open to the public.",
    "status_reason": "Why the meeting was cancelled or postponed; empty otherwise.",
    "agenda": "The agenda items, in order; empty when none was recorded.",
    "corrections": "Corrections made to the record after publication, each with its date.",
    "what": "What was corrected.",
    "minutes_approved": "The day the minutes were approved; empty if not (yet) approved.",
    "decision_class": "The decision class (see the coalition's decision rules).",
    "rationale": "Why the coalition decided this (never empty).",
    "rule_kind": "consent, majority, supermajority or consensus.",
    "threshold": "Share of yes among yes + no needed (supermajority only), e.g. 2/3.",
    "quorum": "Share of the members who had to take part, e.g. 1/2.",
    "quorum_needed": "Number of members who had to take part.",
    "yes": "Members who voted yes; empty without a recorded vote.",
    "no": "Members who voted no; empty without a recorded vote.",
    "abstain": "Members who abstained; empty without a recorded vote.",
    "absent": "Members absent from the vote; empty without a recorded vote.",
    "recused": "Members who recused themselves; empty without a recorded vote.",
    "vote": "yes, no, abstain, absent or recused.",
    "option": "yes, no, abstain, absent or recused.",
    "value": "How many members.",
    "counts": "The number of members per option.",
    "votes": "Each member's vote.",
    "result": "adopted, rejected or deferred.",
    "platform_clauses": "Ids of the platform clauses the decision touches.",
    "supersedes": "Ids of earlier decisions this one replaces.",
    "superseded_by": "Ids of later decisions that replace this one.",
    "number": "The version number.",
    "adopted": "The day the version was adopted.",
    "summary": "What changed in this version; empty when not given.",
    "current": "Whether this is the current version on the as_of date.",
    "clauses": "The clauses, in order.",
    "clause": "The clause id the change concerns.",
    "op": "add, replace or remove.",
    "proposed_by": "Member id of the proposer.",
    "proposed_on": "The day it was proposed.",
    "decided_by": "The decision that settled it; empty while open.",
    "changes": "The clause changes it proposes.",
    "endorser_member_id": "Member id, when a member endorses; empty otherwise.",
    "endorser_organization": "An outside endorser's name; empty when a member endorses.",
    "endorser_url": "The outside endorser's website; empty when unknown.",
    "signer_name": "Who signed the endorsement.",
    "signer_title": "The signer's title.",
    "statement": "The endorser's statement; empty when none.",
    "withdrawn_date": "The day the endorsement was withdrawn; empty while it stands.",
    "withdrawn_reason": "Why it was withdrawn; empty while it stands.",
    "published": "The day the minutes became public; empty when not (yet) published.",
    "target_days": "The publication target in days.",
    "meeting_status": "scheduled, held, cancelled or postponed.",
    "representatives": "The people who represent the member, with their periods.",
    "decision_rules": "The decision classes and the rule each is taken by.",
    "founded": "The day the coalition was founded.",
    "cadence": "How often the coalition meets.",
    "replant_horizon_years": "Years after which the coalition plans to renew itself.",
    "dissolution_protocol": "How the coalition ends.",
    "format": "Always 'coalition-portal export'.",
    "platform": "The platform version endorsed, e.g. v2.",
    "Organization.classification": "'coalition' for the coalition, 'member' for a member.",
    "Person.constituency": "Whom the member speaks for.",
    "Representative.role": "The representative's role in the member organization.",
    "MeetingRow.kind": "regular, formation-circle, special or annual-review.",
    "MeetingRow.date": "The meeting's date.",
    "ChangeOut.kind": "For an added clause: its kind; empty otherwise.",
    "ChangeOut.title": "For an added clause: its title; empty otherwise.",
    "ChangeOut.text": "The clause's new text; empty for a removal.",
    "EndorsementOut.date": "The day the endorsement was given.",
    "EndorsementRow.date": "The day the endorsement was given.",
    "CorrectionOut.date": "The day of the correction.",
    "RoleTermRow.start_date": "The first day of the term.",
    "RoleTermRow.end_date": "The last day of the term; empty when open-ended.",
    "Representative.start_date": "The first day.",
    "AmendmentOut.title": "The amendment's title.",
    "DecisionRow.title": "The decision's title.",
    "PlatformVersionOut.summary": "What changed in this version; empty when not given.",
    "VoteEventOut.start_date": "The meeting date.",
    "VoteEventOut.id": "Decision id: the vote event has the id of its decision.",
    "VoteEventOut.result": "adopted, rejected or deferred.",
}


def _describe_fields(schema: dict, model: type) -> None:
    for name, prop in schema.get("properties", {}).items():
        if "description" not in prop:
            meaning = GLOSSARY.get(f"{model.__name__}.{name}") or GLOSSARY.get(name)
            if meaning:
                prop["description"] = meaning


class Out(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, json_schema_extra=_describe_fields)


def iso_or_none(day: dt.date | None) -> str | None:
    return day.isoformat() if day is not None else None


def str_or_none(value) -> str | None:
    return str(value) if value is not None else None
