"""A hostile portal: every free-text field of every file kind carries the same payloads.

Each field's payload starts with its own marker (``@@member.name@@``) so a test can tell which
fields reached the output.  The payloads try everything the design forbids: script elements,
event handlers, ``javascript:`` and ``data:`` URLs in Markdown links and raw HTML, SVG with
script, Jinja template syntax, CSS injection, a URL whose quotes try to close the attribute,
right-to-left override characters, and a leading ``=`` for spreadsheet formula injection.
"""

from __future__ import annotations

import json

from portal import MINIMAL, block, derive, portal_files

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
    return files_with({}, payload)


def files_with(texts: dict[str, str], payload: str = PAYLOAD) -> dict[str, str]:
    """The portal's files with ``texts[field]`` in the fields named there, ``payload`` in the others."""
    def p(field: str) -> str:
        """A YAML double-quoted scalar holding the payload of ``field``."""
        return json.dumps(f"{marker(field)} {texts.get(field, payload)}", ensure_ascii=True)

    return portal_files(overrides=_files(p))


CLEAN = "Plain words, nothing else."
# Line breaks of each kind (CR alone, LF, CRLF; the loader refuses U+2028 and the like as
# invisible characters already), each followed by what a calendar reader splitting there
# would take for a property or an event of its own.
LINE_BREAK_KINDS = {"CR": "\r", "LF": "\n", "CRLF": "\r\n"}
LINE_BREAKS = "".join(
    f"{name}{brk}X-INJECTED-{name}:1{brk}ATTENDEE;CN=Evil {name}:mailto:evil@example.org{brk}"
    for name, brk in LINE_BREAK_KINDS.items()) + "END:VEVENT\r\nBEGIN:VEVENT\r\nSUMMARY:INJECTED"
# The fields whose text reaches the calendar (outputs/calendar.py).  One-line by nature: the
# loader refuses a line break in them (field -> the content file that holds it).  Free text:
# a line break there is kept, as an escaped \n in the calendar.
CALENDAR_ONE_LINE = {
    "coalition.name": "coalition.yml", "role.name": "roles.yml",
    "member.name": "members/parks.yml",
    "meeting.title": "meetings/2024-02-15-regular.yml",
    "meeting.location": "meetings/2024-02-15-regular.yml",
    "upcoming_meeting.title": "meetings/2024-07-11-regular.yml",
    "upcoming_meeting.location": "meetings/2024-07-11-regular.yml",
}
CALENDAR_FREE_TEXT = ("meeting.status_reason", "meeting.agenda", "upcoming_meeting.agenda")


def _files(p) -> dict[str, str]:
    """The files whose every free-text field carries ``p(field)``: MINIMAL's, changed, and more."""
    return {
    "coalition.yml": derive(
        MINIMAL["coalition.yml"],
        ("name: Harbor Test Coalition\n",
         f"name: {p('coalition.name')}\n        short_name: {p('coalition.short_name')}\n"),
        ("shared_interest: Less food waste in Harbor City.\n",
         f"shared_interest: {p('coalition.shared_interest')}\n"
         f"        description: {p('coalition.description')}\n"),
        ("site_url: https://coalition.example.org/\n", "site_url: https://coalition.example.org/\n"
         "        repo_url: https://git.example.org/harbor/portal\n"),
        ("We part as peers when the shared goal is met.", p("coalition.dissolution_protocol"))),
    # a second version, so that the platform diff page shows payloads too
    "platform/v2.yml": derive(
        MINIMAL["platform/v1.yml"],
        ("number: 1\n        adopted: 2024-01-10\n        adopted_by: d-2024-01-1\n",
         "number: 2\n        adopted: 2024-02-15\n        adopted_by: d-2024-02-1\n"),
        ("Every decision is published with its rationale", p("clause.title.v2")),
        ("The coalition publishes every decision with the reasons for it.", p("clause.text.v2"))),
    "roles.yml": derive(MINIMAL["roles.yml"], ("Documentation", p("role.name")),
                        ("Writes and publishes the minutes.", p("role.description"))),
    "platform/v1.yml": derive(
        MINIMAL["platform/v1.yml"],
        ("adopted_by: d-2024-01-1\n",
         f"adopted_by: d-2024-01-1\n        summary: {p('platform.summary')}\n"),
        ("Every decision is published with its rationale", p("clause.title")),
        ("The coalition publishes every decision with the reasons for it.", p("clause.text"))),
    "members/parks.yml": derive(
        MINIMAL["members/parks.yml"],
        ("name: Parks Department\n",
         f"name: {p('member.name')}\n        short_name: {p('member.short_name')}\n"),
        ("constituency: City agency\n",
         f"constituency: {p('member.constituency')}\n        url: https://parks.example.org/\n"),
        ("- joined: 2024-01-10\n", "- joined: 2024-01-10\n" + block(f"""\
            representatives:
              - name: {p("representative.name")}
                role: {p("representative.role")}
                from: 2024-01-10
            """))),
    "members/health.yml": derive(MINIMAL["members/health.yml"], ("          - joined: 2024-01-10\n", block(f"""\
            - joined: 2024-01-10
              left: 2024-01-20
              reason: {p("membership.reason")}
            - joined: 2024-02-01
            """, 10))),
    "meetings/2024-02-15-regular.yml": derive(
        MINIMAL["meetings/2024-02-15-regular.yml"],
        ("date: 2024-02-15\n", f"title: {p('meeting.title')}\n        date: 2024-02-15\n"),
        ("City Hall, Room 4", p("meeting.location")),
        ("        minutes:\n          status: draft\n",
         block(f"agenda:\n  - {p('meeting.agenda')}\n")
         + "        minutes:\n          status: corrected\n"),
        ("Compost pilot discussed.", p("minutes.body")),
        ("Start a compost pilot", p("decision.title")),
        ("The pilot tests collection before a citywide rollout.", p("decision.rationale")),
        ("food-bank: absent\n", "food-bank: absent\n" + block(f"""\
            corrections:
              - date: 2024-02-20
                what: {p("correction.what")}
            """))),
    "meetings/2024-03-14-regular.yml": f"""\
        date: 2024-03-14
        start: "18:00"
        kind: regular
        status: cancelled
        status_reason: {p("meeting.status_reason")}
        location: City Hall, Room 4
        """,
    # imported history: no time, place, chair, agenda or minutes status; where it came from
    "meetings/2024-01-25-regular.yml": f"""\
        date: 2024-01-25
        kind: regular
        status: held
        minutes:
          published: 2024-01-26
          body: Minutes kept in the old archive.
        source:
          archive: {p("source.archive")}
          path: {p("source.path")}
          commit: 0123456789abcdef0123456789abcdef01234567
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
