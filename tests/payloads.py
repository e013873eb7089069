"""A hostile portal: every free-text field of every file kind carries the same payloads.

Each field's payload starts with its own marker (``@@member.name@@``) so a test can tell which
fields reached the output.  The payloads try everything the design forbids: script elements,
event handlers, ``javascript:`` and ``data:`` URLs in Markdown links and raw HTML, SVG with
script, Jinja template syntax, CSS injection, a URL whose quotes try to close the attribute,
right-to-left override characters, and a leading ``=`` for spreadsheet formula injection.
"""

from __future__ import annotations

import json

from portal import MINIMAL

PAYLOAD = (
    "=HYPERLINK(\"https://evil.example/\",\"x\") "
    "<script>alert('script')</script>"
    "<img src=x onerror=alert('img')>"
    "<svg onload=alert('svg')><script>alert('svg-script')</script></svg>"
    "<iframe src=\"javascript:alert('iframe')\"></iframe>"
    "<a href=\"javascript:alert('raw-a')\">raw js link</a> "
    "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">raw data link</a> "
    "[md js link](javascript:alert('md')) "
    "[md data link](data:text/html,<script>alert('md-data')</script>) "
    "[md quote link](https://ok.example/\"onmouseover=\"alert('quote')) "
    "<a href='https://ok.example/' onclick=\"alert('onclick')\">handler</a> "
    "{{ 7*191 }} {% if true %}TEMPLATE-IF{% endif %} "
    "<style>body{background:url(javascript:alert('css'))}</style>"
    "<div style=\"background-image:url(javascript:alert('style'))\">styled</div> "
    "\u202eRLO-txt.exe\u202c \u2066isolate\u2069"
)
# what must be seen as text, literally, wherever a payload is shown
TEMPLATE_TEXT = ("{{ 7*191 }}", "{% if true %}")
BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


def marker(field: str) -> str:
    return f"@@{field}@@"


def files(payload: str = PAYLOAD) -> dict[str, str]:
    """The portal's files with ``payload`` in every free-text field (a harmless twin: any text)."""
    def p(field: str) -> str:
        """A YAML double-quoted scalar holding the payload of ``field``."""
        return json.dumps(f"{marker(field)} {payload}", ensure_ascii=True)

    out = dict(MINIMAL)
    out.update(_files(p))
    return out


def _files(p) -> dict[str, str]:
    return {
    "coalition.yml": f"""\
        name: {p("coalition.name")}
        short_name: {p("coalition.short_name")}
        shared_interest: {p("coalition.shared_interest")}
        description: {p("coalition.description")}
        timezone: America/Chicago
        site_url: https://coalition.example.org/
        repo_url: https://git.example.org/harbor/portal
        publication_target_days: 7
        cadence: monthly
        decision_rules:
          operational:
            kind: majority
            quorum: "1/2"
          platform:
            kind: supermajority
            threshold: "2/3"
            quorum: "2/3"
        dissolution_protocol: {p("coalition.dissolution_protocol")}
        founded: 2024-01-10
        replant_horizon_years: 4
        """,
    "roles.yml": f"""\
        roles:
          - id: documentation
            name: {p("role.name")}
            description: {p("role.description")}
        terms:
          - role: documentation
            member: parks
            from: 2024-01-10
            to: 2024-12-31
        """,
    "platform/v1.yml": f"""\
        number: 1
        adopted: 2024-01-10
        adopted_by: d-2024-01-1
        summary: {p("platform.summary")}
        clauses:
          - id: nn-rationale
            kind: non-negotiable
            title: {p("clause.title")}
            text: {p("clause.text")}
          - id: del-messaging
            kind: delegated
            title: Members choose their own messaging
            text: Each member words its own public statements.
        """,
    "members/parks.yml": f"""\
        name: {p("member.name")}
        short_name: {p("member.short_name")}
        kind: organization
        constituency: {p("member.constituency")}
        url: https://parks.example.org/
        memberships:
          - joined: 2024-01-10
        representatives:
          - name: {p("representative.name")}
            role: {p("representative.role")}
            from: 2024-01-10
        """,
    "members/health.yml": f"""\
        name: Public Health Department
        kind: organization
        constituency: City agency
        memberships:
          - joined: 2024-01-10
            left: 2024-01-20
            reason: {p("membership.reason")}
          - joined: 2024-02-01
        """,
    "meetings/2024-02-15-regular.yml": f"""\
        title: {p("meeting.title")}
        date: 2024-02-15
        start: "18:00"
        kind: regular
        status: held
        location: {p("meeting.location")}
        chair: health
        attendance:
          - member: parks
            status: present
          - member: health
            status: present
          - member: food-bank
            status: absent
        agenda:
          - {p("meeting.agenda")}
        minutes:
          status: corrected
          published: 2024-02-19
          body: {p("minutes.body")}
        decisions:
          - id: d-2024-02-1
            title: {p("decision.title")}
            class: operational
            rationale: {p("decision.rationale")}
            outcome: adopted
            platform_clauses: [nn-rationale]
            vote:
              parks: yes
              health: yes
              food-bank: absent
        corrections:
          - date: 2024-02-20
            what: {p("correction.what")}
        """,
    "meetings/2024-03-14-regular.yml": f"""\
        date: 2024-03-14
        start: "18:00"
        kind: regular
        status: cancelled
        status_reason: {p("meeting.status_reason")}
        location: City Hall, Room 4
        """,
    "meetings/2024-07-11-regular.yml": f"""\
        title: {p("upcoming_meeting.title")}
        date: 2024-07-11
        start: "18:00"
        kind: regular
        status: scheduled
        location: {p("upcoming_meeting.location")}
        agenda:
          - {p("upcoming_meeting.agenda")}
        """,
    "amendments/faster.yml": f"""\
        title: {p("amendment.title")}
        proposed_by: health
        proposed_on: 2024-02-20
        against: v1
        rationale: {p("amendment.rationale")}
        changes:
          - clause: nn-rationale
            op: replace
            text: {p("amendment.change.text")}
          - clause: nn-speed
            op: add
            kind: governance
            title: {p("amendment.change.title")}
            text: Decisions are published within a week.
        status: proposed
        """,
    "endorsements/food-bank.yml": f"""\
        endorser:
          member: food-bank
        platform: v1
        date: 2024-01-15
        signer:
          name: {p("signer.name")}
          title: {p("signer.title")}
        statement: {p("endorsement.statement")}
        """,
    "endorsements/harbor-union.yml": f"""\
        endorser:
          organization: {p("endorser.organization")}
          url: https://union.example.org/
        platform: v1
        date: 2024-01-20
        signer:
          name: Sam Lee
          title: Secretary
        statement: We endorse it.
        withdrawn:
          date: 2024-03-01
          reason: {p("withdrawal.reason")}
        """,
    }


FIELDS = sorted({part for text in files().values() for part in text.split("@@")[1::2]})
