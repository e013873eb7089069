"""What each generated page says of itself in ``<meta name="description">``: the line a
search engine or a link preview shows under the page's title.

Made from the page's kind and its records (a meeting's minutes and decisions, a member's
recorded votes, a platform version's clauses), in plain text: the caller escapes it.
A page of a kind not named here gets none, and the theme falls back to the site's
``site_description``.
"""

from __future__ import annotations

from .model import Page, Site
from .render import long_date, plain

LIMIT = 160  # about what search results show


def describe(page: Page, site: Site) -> str | None:
    """One or two plain sentences about ``page``, at most ``LIMIT`` characters."""
    name = plain(site.content.coalition.name)
    maker = _BY_TEMPLATE.get(page.template)
    if maker is None:
        return None
    return _shorten(maker(page, name, page.context))


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _home(page, name, context):
    return plain(context["site"].content.coalition.shared_interest)  # the title is the name


def _meeting(page, name, context):
    view = context["view"]
    parts = ["agenda", "attendance"]
    if view.minutes_public:
        parts.insert(1, "minutes")
    if view.decisions:
        parts.append(_plural(len(view.decisions), "decision") + " with their votes")
    return (f"{plain(page.title)}, a meeting of the {name}: "
            f"{', '.join(parts[:-1])} and {parts[-1]}.")


def _member(page, name, context):
    view = context["view"]
    state = "a member" if view.current else "a former member"
    return (f"{plain(view.member.name)}, {state} of the {name}: membership, "
            f"{_plural(len(view.votes), 'recorded vote')}, attendance and roles.")


def _platform(page, name, context):
    view, version = context["view"], context["view"].version
    adopted = f"adopted {long_date(version.adopted)}: {_plural(len(version.clauses), 'clause')}."
    if view.current and not context.get("permanent"):  # platform/, not its version's URL
        return f"The {name}'s platform as it stands: version {version.number}, {adopted}"
    return f"Version {version.number} of the {name}'s platform, {adopted}"


def _fixed(text: str):
    return lambda page, name, context: text.format(name=name, title=plain(page.title))


_BY_TEMPLATE = {
    "home.html": _home,
    "meeting.html": _meeting,
    "member.html": _member,
    "member_votes.html": _fixed("{title}: every vote the member cast that year in the "
                                "{name}, with its decision and outcome."),
    "platform.html": _platform,
    "platform_diff.html": _fixed("{title}, clause by clause: what the {name} added, "
                                 "removed or reworded."),
    "amendments.html": _fixed("Amendments to the {name}'s platform: proposed, adopted "
                              "or rejected, each with its decision."),
    "meetings.html": _fixed("Every meeting of the {name}, newest first, with its "
                            "agenda, minutes and decisions."),
    "meetings_year.html": _fixed("{title}: every meeting of the {name} that year, with "
                                 "its agenda, minutes and decisions."),
    "members.html": _fixed("The members of the {name}, current and former, with how "
                           "each voted and attended."),
    "decisions.html": _fixed("{title}: every decision of the {name}, with its outcome, "
                             "class and the meeting that took it."),
    "voting_agreement.html": _fixed("How often each pair of members of the {name} "
                                    "voted the same way."),
    "roles.html": _fixed("Who holds each role in the {name}, and who held it before."),
    "endorse.html": _fixed("How to endorse the {name}'s platform, and who endorses it."),
    "about.html": _fixed("How this portal of the {name} works: where its record lives, "
                         "how it is checked, the publication target and the decision rules."),
    "punctuality.html": _fixed("Whether the {name} publishes its minutes on time: "
                               "every meeting's days from meeting to minutes."),
    "vital_signs.html": _fixed("Is the {name} alive? Seven signs computed from its "
                               "record, each with its state, its figure and its records."),
    "feeds.html": _fixed("RSS and Atom feeds and a meetings calendar of the {name}: "
                         "minutes, decisions, votes, platform and members."),
    "data.html": _fixed("Open data of the {name}: every record as JSON and CSV, with "
                        "its schema and checksums."),
}


def _shorten(text: str) -> str:
    text = " ".join(text.split())
    if len(text) <= LIMIT:
        return text
    cut = text[: LIMIT - 1].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "…"
