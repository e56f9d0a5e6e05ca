import pytest
from django_scopes import scope
from django_scopes.exceptions import ScopeError

from cocreate.ideas.models import Idea
from tests import factories as f


@pytest.mark.scoped
@pytest.mark.django_db
def test_query_on_scoped_model_outside_a_scope_is_refused():
    with pytest.raises(ScopeError):
        list(Idea.objects.all())


@pytest.mark.scoped
@pytest.mark.django_db
def test_scope_keeps_each_organization_to_its_own_ideas():
    a, b = f.OrganizationFactory(), f.OrganizationFactory()
    mine = f.IdeaFactory(organization=a)
    f.IdeaFactory(organization=b)
    with scope(organization=a):
        assert list(Idea.objects.all()) == [mine]
        assert Idea.objects.filter(pk__gt=0).count() == 1


@pytest.mark.django_db
def test_page_of_one_organization_cannot_show_another_organizations_idea(client):
    a, b = f.OrganizationFactory(), f.OrganizationFactory()
    foreign = f.IdeaFactory(organization=b)
    assert client.get(f"/o/{a.slug}/ideas/{foreign.pk}/").status_code == 404
    assert client.get(f"/o/{b.slug}/ideas/{foreign.pk}/").status_code == 200


@pytest.mark.django_db
def test_unknown_organization_is_404(client):
    assert client.get("/o/nope/ideas/").status_code == 404
