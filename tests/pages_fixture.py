"""A richer small coalition for the page tests: two platform versions, amendments,
endorsements (one withdrawn), a member who left and rejoined, a former member,
cancelled, pending and upcoming meetings, rotating roles."""

from __future__ import annotations

from portal import (DOCUMENTATION_ROLE, ENDORSEMENT, MESSAGING, MINIMAL, attendance, clause,
                    derive, portal_files)

EVENTS = clause("del-events", "delegated", "Members run their own events",
                "Each member organizes its own events about food waste.")

RICH = portal_files(overrides={
    "coalition.yml": MINIMAL["coalition.yml"].replace(
        "site_url: https://coalition.example.org/\n",
        "site_url: https://coalition.example.org/\n"
        "        repo_url: https://github.com/harbor-food/coalition\n"),
    "platform/v1.yml": derive(MINIMAL["platform/v1.yml"], (MESSAGING, MESSAGING + EVENTS)),
    "platform/v2.yml": derive(
        MINIMAL["platform/v1.yml"],
        ("number: 1\n        adopted: 2024-01-10\n        adopted_by: d-2024-01-1\n",
         "number: 2\n        adopted: 2024-03-21\n        adopted_by: d-2024-03-2\n"
         "        summary: Adds a sunset clause and widens the messaging clause.\n"),
        ("public statements.\n", "public statements and press releases.\n"
         + clause("dis-sunset", "dissolution", "The coalition ends when waste is halved",
                  "When food waste in Harbor City is half of 2024's, the coalition dissolves."))),
    "amendments/press-releases.yml": """\
        title: Press releases are each member's own
        proposed_by: food-bank
        proposed_on: 2024-02-20
        against: v1
        rationale: Members were unsure whether joint press releases were required.
        changes:
          - clause: del-messaging
            op: replace
            text: Each member words its own public statements and press releases.
        status: adopted
        decided_by: d-2024-03-2
        """,
    "amendments/budget-clause.yml": """\
        title: A shared budget for outreach
        proposed_by: market
        proposed_on: 2024-05-10
        against: v2
        rationale: Outreach costs should be shared fairly.
        changes:
          - clause: gov-budget
            op: add
            kind: governance
            title: Shared outreach budget
            text: Members share the cost of joint outreach in proportion to their size.
        status: proposed
        """,
    "members/market.yml": """\
        name: Harbor Farmers Market Alliance
        short_name: Market Alliance
        kind: organization
        constituency: Community organization
        memberships:
          - joined: 2024-03-25
            left: 2024-04-10
            reason: Paused its membership during the market season.
          - joined: 2024-05-01
            reason: Rejoined after the season opened.
        """,
    "members/youth.yml": """\
        name: Harbor Youth Council
        kind: organization
        constituency: Community organization
        memberships:
          - joined: 2024-04-01
            left: 2024-04-30
            reason: Merged into the city's youth programme.
        """,
    "roles.yml": DOCUMENTATION_ROLE + """\
          - id: communications
            name: Communications
            description: Speaks for the coalition on joint matters.
        terms:
          - role: documentation
            member: parks
            from: 2024-01-10
            to: 2024-06-30
          - role: documentation
            member: health
            from: 2024-07-01
          - role: communications
            member: food-bank
            from: 2024-01-10
            to: 2024-03-31
          - role: communications
            member: market
            from: 2024-04-01
        """,
    "meetings/2024-03-21-regular.yml": f"""\
        date: 2024-03-21
        start: "18:00"
        kind: regular
        status: held
        location: City Hall, Room 4
        chair: food-bank
{attendance(parks="present", health="present", food_bank="present")}\
        agenda:
          - Compost pilot, second phase
          - Platform version 2
        minutes:
          status: approved
          published: 2024-03-25
          approved: 2024-04-18
          body: The members discussed the pilot and the platform.
        decisions:
          - id: d-2024-03-1
            title: Extend the compost pilot to two districts
            class: operational
            rationale: The first district showed the collection works.
            outcome: adopted
            supersedes: [d-2024-02-1]
            vote:
              parks: yes
              health: no
              food-bank: yes
          - id: d-2024-03-2
            title: Adopt the platform, version 2
            class: platform
            rationale: The amendment on press releases and a sunset clause were agreed.
            outcome: adopted
            platform_clauses: [del-messaging, dis-sunset]
            vote:
              parks: yes
              health: yes
              food-bank: yes
        """,
    "meetings/2024-04-18-regular.yml": """\
        date: 2024-04-18
        start: "18:00"
        kind: regular
        status: cancelled
        status_reason: The room was unavailable.
        location: City Hall, Room 4
        """,
    "meetings/2024-05-16-regular.yml": f"""\
        date: 2024-05-16
        start: "18:00"
        kind: regular
        status: held
        location: Eastside Food Bank hall
        chair: parks
{attendance(parks="present", health="present", food_bank="present", market="excused")}\
        minutes:
          status: draft
          published: 2024-05-20
          body: Draft minutes of the May meeting.
        decisions:
          - id: d-2024-05-1
            title: Hold a public food-waste fair
            class: operational
            rationale: A fair reaches households the pilot does not.
            outcome: adopted
            vote:
              parks: yes
              health: abstain
              food-bank: no
              market: yes
          - id: d-2024-05-2
            title: Thank the volunteers of the pilot
            class: operational
            rationale: The volunteers made the pilot possible.
            outcome: adopted
          - id: d-2024-05-3
            title: Move meetings to Saturdays
            class: operational
            rationale: Most members' staff work on weekdays; a Saturday suits volunteers.
            outcome: rejected
            vote:
              parks: no
              health: no
              food-bank: yes
              market: absent
        """,
    "meetings/2024-06-18-regular.yml": """\
        date: 2024-06-18
        start: "18:00"
        kind: regular
        status: held
        location: City Hall, Room 4
        agenda:
          - The fair
        """,
    "meetings/2024-07-18-regular.yml": """\
        date: 2024-07-18
        start: "18:30"
        kind: regular
        status: scheduled
        location: City Hall, Room 4
        agenda:
          - Budget clause amendment
        """,
    "endorsements/food-bank.yml": derive(ENDORSEMENT, ("this platform", "every clause")),
    "endorsements/harbor-chefs.yml": """\
        endorser:
          organization: Harbor Chefs Guild
          url: https://chefs.example.org/
        platform: v2
        date: 2024-04-02
        signer:
          name: Lee Park
          title: Chair
        withdrawn:
          date: 2024-05-02
          reason: Our board asked us to wait for the budget clause.
        """,
    "endorsements/parks.yml": """\
        endorser:
          member: parks
        platform: v2
        date: 2024-03-28
        signer:
          name: Sam Okafor
          title: Commissioner
        """,
})
