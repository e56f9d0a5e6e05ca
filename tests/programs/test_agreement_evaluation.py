"""The agreement publishes how the final score is computed: leniency correction, where the
participants' vote comes from, judges per idea and whether authors read the comments."""

import pytest
from django.utils import translation

from cocreate.core.errors import DomainError
from cocreate.programs.enums import CrowdSource, Leniency
from cocreate.programs.services import agreement_draft, agreement_publish, agreement_update

from .test_views import criteria_post

pytestmark = pytest.mark.django_db


def page(lab, suffix=""):
    return f"/o/{lab.org.slug}/programs/{lab.program.slug}/{suffix}"


def test_drafts_copy_the_evaluation_settings_of_the_version_in_force(lab):
    manager = lab.users["program_manager"]
    lab.agreement.leniency, lab.agreement.crowd_source = Leniency.STANDARDISE, CrowdSource.PAIRWISE
    lab.agreement.min_judges, lab.agreement.comments_to_author = 3, True
    lab.agreement.save()
    draft = agreement_draft(lab.program, actor=manager)
    assert (draft.leniency, draft.crowd_source, draft.min_judges, draft.comments_to_author) == (
        "standardise", "pairwise", 3, True)


def test_manager_sets_them_and_bad_values_are_refused(lab):
    manager = lab.users["program_manager"]
    draft = agreement_draft(lab.program, actor=manager)
    agreement_update(draft, actor=manager, leniency="offset", crowd_source="ratings", min_judges=4,
                     comments_to_author=True)
    draft.refresh_from_db()
    assert (draft.leniency, draft.crowd_source, draft.min_judges, draft.comments_to_author) == (
        "offset", "ratings", 4, True)
    agreement_update(draft, actor=manager, leniency=None, method="Two rounds.")  # None keeps a setting
    draft.refresh_from_db()
    assert draft.leniency == "offset"
    for bad in ({"leniency": "guess"}, {"crowd_source": "dice"}, {"min_judges": 0}):
        with pytest.raises(DomainError):
            agreement_update(draft, actor=manager, **bad)


@pytest.mark.parametrize("change", [{"leniency": "standardise"}, {"crowd_source": "pairwise"}])
def test_changing_how_the_score_is_computed_is_a_material_change(lab, change):
    manager = lab.users["program_manager"]
    draft = agreement_draft(lab.program, actor=manager)
    agreement_update(draft, actor=manager, is_material=False, **change)
    with pytest.raises(DomainError) as error:
        agreement_publish(draft, actor=manager)
    assert error.value.code == "method_material"
    agreement_update(draft, actor=manager, is_material=True)
    agreement_publish(draft, actor=manager)


def test_not_material_when_only_judges_per_idea_change(lab):
    manager = lab.users["program_manager"]
    draft = agreement_draft(lab.program, actor=manager)
    agreement_update(draft, actor=manager, is_material=False, min_judges=3)
    assert agreement_publish(draft, actor=manager).status == "published"


def test_the_edit_page_saves_them_and_the_agreement_page_publishes_them(client, lab):
    client.force_login(lab.users["program_manager"])
    form = client.get(page(lab, "agreement/edit/")).text
    assert 'name="leniency"' in form and 'name="crowd_source"' in form and 'name="min_judges"' in form
    data = criteria_post([25, 25, 25, 25], leniency="standardise", crowd_source="ratings", min_judges="3",
                         comments_to_author="on") | {"publish": "1"}
    data["criteria-3-is_crowd_vote"] = "on"
    response = client.post(page(lab, "agreement/edit/"), data)
    assert response.status_code == 302
    current = lab.program.agreements.get(status="published")
    assert (current.leniency, current.crowd_source, current.min_judges, current.comments_to_author) == (
        "standardise", "ratings", 3, True)
    with translation.override("en"):
        text = client.get(page(lab, "agreement/"), HTTP_ACCEPT_LANGUAGE="en").text
    assert "Per-judge standardisation" in text
    assert "Ratings from 0 to 5" in text and "the mean of the participants' 0-5 ratings" in text
    assert "at least 3 judges" in text


def test_the_api_sets_and_shows_them(api, lab):
    from tests.api.helpers import org_url

    api.as_user(lab.users["program_manager"])
    url = f"{org_url(lab)}/programs/{lab.program.slug}/agreement/draft"
    body = api.put(url, {"leniency": "offset", "crowd_source": "pairwise", "min_judges": 3}).json()
    assert (body["leniency"], body["crowd_source"], body["min_judges"], body["comments_to_author"]) == (
        "offset", "pairwise", 3, False)
    assert api.put(url, {"leniency": "guess"}).status_code == 422


@pytest.fixture
def api(client):
    from tests.api.helpers import Api

    return Api(client)
