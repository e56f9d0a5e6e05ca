"""H6: the archive built for revival: Korean and English search with filters, bounded ranking."""

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from cocreate.core.textsearch import query_terms, strip_particle
from cocreate.ideas.enums import IdeaState
from cocreate.ideas.selectors import search
from cocreate.realization import selectors
from cocreate.realization.models import Concept
from tests import factories as f
from tests.roles import ROLES, assert_answer, status_as, user_of

pytestmark = pytest.mark.django_db


def titles(lab, query, **kw):
    with scopes_disabled():
        ideas, _more = selectors.archive_search(lab.org, query=query, **kw)
    return [i.title for i in ideas]


def test_particles_are_stripped_from_query_words_only_when_a_word_remains():
    assert strip_particle("아이디어를") == "아이디어"
    assert strip_particle("향기로") == "향기"
    assert strip_particle("사과") == "사과" and strip_particle("아이") == "아이"
    assert query_terms("아이디어를") == query_terms("아이디어")
    assert query_terms("refill") == ["refill"]


@pytest.mark.parametrize("query, found", [
    ("아이디어를", {"아이디어 공모", "아이디어를 모읍니다"}),
    ("아이디어", {"아이디어 공모", "아이디어를 모읍니다"}),
    ("향기", {"향기로운 데오도란트"}),
    ("향기로운", {"향기로운 데오도란트"}),
    ("Refill", {"Refill can"}),
    ("refi", {"Refill can"}),
])
def test_korean_and_english_search(lab, query, found):
    for t in ["아이디어 공모", "아이디어를 모읍니다", "향기로운 데오도란트", "Refill can", "사과 주스"]:
        f.IdeaFactory(organization=lab.org, title=t, body="본문")
    assert set(titles(lab, query)) == found
    with scopes_disabled():  # the shared search (ideas list, board) agrees
        assert {i.title for i in search(selectors.board_ideas(lab.org), query)} == found


def test_archive_filters_every_idea_and_ranks(lab):
    concept = Concept.objects.create(organization=lab.org, name="Scents")
    f.IdeaFactory(organization=lab.org, title="향기 향기 향기", body="향기", state=IdeaState.REJECTED, concept=concept)
    f.IdeaFactory(organization=lab.org, title="바다 향기", body="캔", state=IdeaState.PARKED)
    f.IdeaFactory(organization=lab.org, title="향기 draft", state=IdeaState.DRAFT, submitted_at=None)
    f.IdeaFactory(title="향기 elsewhere")
    assert set(titles(lab, "향기")) == {"향기 향기 향기", "바다 향기"}
    assert titles(lab, "향기")[0] == "향기 향기 향기"  # ranked: more matches first
    assert titles(lab, "향기", state=IdeaState.PARKED) == ["바다 향기"]
    assert titles(lab, "향기", concept_id=concept.pk) == ["향기 향기 향기"]
    assert titles(lab, "", sort="newest") == ["바다 향기", "향기 향기 향기"]


def test_archive_pages(lab):
    for i in range(5):
        f.IdeaFactory(organization=lab.org, title=f"Refill {i}", submitted_at=timezone.now())
    with scopes_disabled():
        first, more = selectors.archive_search(lab.org, query="refill", size=3)
        second, more2 = selectors.archive_search(lab.org, query="refill", size=3, page=2)
    assert more and not more2 and len({i.pk for i in first + second}) == 5


@pytest.mark.parametrize("role", ROLES)
def test_archive_page_role_matrix(client, labs, role):
    lab, other = labs
    f.IdeaFactory(organization=lab.org, title="Mine")
    f.IdeaFactory(organization=other.org, title="Theirs")
    user = user_of(lab, role)
    allowed = role in {"executive", "program_manager", "org_admin", "internal_partner"}
    status, response = status_as(client, user, f"/o/{lab.org.slug}/archive/")
    assert_answer(role, status, response, allowed)
    if allowed:
        assert "Mine" in response.text and "Theirs" not in response.text


def test_archive_query_count_is_constant(client, lab, django_assert_max_num_queries):
    client.force_login(lab.users["executive"])
    f.IdeaFactory(organization=lab.org, title="Refill 0")
    with django_assert_max_num_queries(30) as small:
        client.get(f"/o/{lab.org.slug}/archive/", {"q": "refill"})
    for i in range(40):
        f.IdeaFactory(organization=lab.org, title=f"Refill {i}")
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(f"/o/{lab.org.slug}/archive/", {"q": "refill"})
