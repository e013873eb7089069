"""A long-serving member's votes: the member page lists the newest years, earlier years
get a page each, and every vote has one address (issue 9: no page over 1 MB)."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from coalition_portal.site import views as site_model
from coalition_portal.content.model import VoteChoice
from coalition_portal.site.views import MemberView


def decision(year: int, n: int):
    return SimpleNamespace(id=f"d-{year}-{n}", year=year,
                           meeting=SimpleNamespace(date=dt.date(year, 1, 1)))


def member_with(votes_per_year: dict[int, int]) -> MemberView:
    view = MemberView("founder", member=None, current=True)
    for year, count in sorted(votes_per_year.items()):
        view.votes += [(decision(year, n), VoteChoice.yes) for n in range(count)]
    return view


def test_a_short_record_stays_on_the_member_page(monkeypatch):
    monkeypatch.setattr(site_model, "VOTES_ON_MEMBER_PAGE", 100)
    view = member_with({2020: 40, 2021: 50})
    assert view.votes_on_page == [2021, 2020]
    assert view.vote_year_pages == []
    assert [d.id for d, _ in view.listed_votes][:2] == ["d-2021-49", "d-2021-48"]  # newest first
    assert view.vote_url(decision(2020, 3)) == "members/founder/#vote-d-2020-3"


def test_earlier_years_of_a_long_record_get_a_page_each(monkeypatch):
    monkeypatch.setattr(site_model, "VOTES_ON_MEMBER_PAGE", 100)
    view = member_with({2018: 60, 2019: 60, 2020: 60, 2021: 30})
    assert view.votes_on_page == [2021, 2020]  # 90 votes; one more year would pass 100
    assert view.vote_year_pages == [(2019, 60), (2018, 60)]
    assert len(view.listed_votes) == 90
    assert view.vote_url(decision(2021, 0)) == "members/founder/#vote-d-2021-0"
    assert view.vote_url(decision(2018, 7)) == "members/founder/votes/2018/#vote-d-2018-7"


def test_the_newest_year_is_listed_even_when_it_alone_is_long(monkeypatch):
    monkeypatch.setattr(site_model, "VOTES_ON_MEMBER_PAGE", 10)
    view = member_with({2020: 30, 2021: 40})
    assert view.votes_on_page == [2021]
    assert view.vote_year_pages == [(2020, 30)]
