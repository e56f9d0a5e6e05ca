import pytest

from cocreate.ideas.models import Idea
from cocreate.ideas.selectors import search
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def ideas(org):
    return {
        "scent": f.IdeaFactory(organization=org, title="향기로운 데오도란트", body="바다 향이 나는 스프레이"),
        "can": f.IdeaFactory(organization=org, title="Refillable can", body="A deodorant can you refill at stores"),
        "mixed": f.IdeaFactory(organization=org, title="Axe 리필 스테이션", body="Refill station in 편의점"),
    }


def found(org, query):
    return set(search(Idea.objects.filter(organization=org), query).values_list("title", flat=True))


def test_two_syllable_korean_word_finds_longer_word(org, ideas):
    assert found(org, "향기") == {"향기로운 데오도란트"}


def test_korean_word_inside_a_sentence(org, ideas):
    assert found(org, "편의점") == {"Axe 리필 스테이션"}


def test_english_is_case_insensitive_and_prefix_matching(org, ideas):
    assert found(org, "REFILL") == {"Refillable can", "Axe 리필 스테이션"}
    assert found(org, "deodor") == {"Refillable can"}


def test_all_terms_must_match(org, ideas):
    assert found(org, "refill 편의점") == {"Axe 리필 스테이션"}
    assert found(org, "refill 향기") == set()


def test_query_characters_that_mean_something_to_the_engine_are_harmless(org, ideas):
    for q in ['"', "NOT", "a:b", "*", "(", "'; DROP TABLE ideas_idea; --", "OR AND"]:
        search(Idea.objects.filter(organization=org), q).count()


def test_search_stays_inside_the_queryset(org, other_org, ideas):
    f.IdeaFactory(organization=other_org, title="향기 좋은 캔")
    assert found(org, "향기") == {"향기로운 데오도란트"}


def test_search_sees_edits_of_the_indexed_text(org, ideas):
    from cocreate.core.textsearch import document

    idea = ideas["can"]
    Idea.objects.filter(pk=idea.pk).update(search_document=document("Aluminium bottle", ""))
    assert found(org, "aluminium") == {"Refillable can"}
    assert "Refillable can" not in found(org, "deodorant")
