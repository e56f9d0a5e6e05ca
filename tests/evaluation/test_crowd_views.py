"""Crowd-vote pages: the 0-5 rating box on the idea page (with and without JavaScript), the
kind words for a held voter, the held-votes review page and the program's vote thresholds."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cocreate.evaluation.integrity import vote_flag_resolve
from cocreate.evaluation.models import CrowdRating, VoteFlag
from cocreate.ideas import services
from cocreate.ideas.enums import VoteStatus
from cocreate.ideas.models import Idea, Support
from cocreate.programs.enums import CrowdSource
from tests import factories as f
from tests.roles import ROLES, assert_answer, status_as, user_of

from .factories import mission_idea, new_partner

pytestmark = pytest.mark.django_db

MANAGERS = {"org_admin", "program_manager"}


def use_ratings(lab):
    lab.agreement.crowd_source = CrowdSource.RATINGS
    lab.agreement.save()


def detail_url(lab, idea):
    return f"/o/{lab.org.slug}/ideas/{idea.pk}/"


def rate_url(lab, idea):
    return f"/o/{lab.org.slug}/ideas/{idea.pk}/rate/"


def flags_url(lab):
    return f"/o/{lab.org.slug}/evaluation/flags/"


def flagged(lab, *, newcomers=5, settings=None):
    """An open-channel idea whose supports from new accounts were held."""
    idea = f.IdeaFactory(organization=lab.org, title="Sea-salt refill")
    for _ in range(newcomers):
        services.support_add(idea, user=f.UserFactory(date_joined=timezone.now() - timedelta(hours=1)))
    return idea, VoteFlag.objects.get(idea=idea)


@pytest.fixture
def burst(settings):
    settings.VOTE_BURST_MIN_VOTES = 5


# --- the rating box --------------------------------------------------------------------------

def test_rating_box_only_where_the_crowd_rates(client, lab):
    idea = mission_idea(lab)
    client.force_login(lab.users["partner"])
    assert 'id="crowd-rating"' not in client.get(detail_url(lab, idea)).text
    use_ratings(lab)
    page = client.get(detail_url(lab, idea)).text
    assert 'id="crowd-rating"' in page and 'name="value"' in page and 'type="radio"' in page
    client.force_login(idea.author)  # the author sees the summary, never the form
    page = client.get(detail_url(lab, idea)).text
    assert 'id="crowd-rating"' in page and 'name="value"' not in page


def test_rating_without_javascript_then_changing_and_taking_it_back(client, lab):
    use_ratings(lab)
    idea, rater = mission_idea(lab), new_partner(lab)
    client.force_login(rater)
    response = client.post(rate_url(lab, idea), {"value": "4"})
    assert response.status_code == 302 and response["Location"].endswith(f"/ideas/{idea.pk}/#crowd-rating")
    assert CrowdRating.objects.get(idea=idea, user=rater).value == 4
    page = client.get(detail_url(lab, idea)).text
    assert "Average 4.0 of 5 from 1 rating" in page and "Change my rating" in page
    client.post(rate_url(lab, idea), {"value": "1"})
    assert CrowdRating.objects.get(idea=idea, user=rater).value == 1
    client.post(rate_url(lab, idea), {"action": "clear"})
    assert not CrowdRating.objects.filter(idea=idea).exists()


def test_rating_with_htmx_swaps_the_box_and_keeps_errors(client, lab):
    use_ratings(lab)
    idea, rater = mission_idea(lab), new_partner(lab)
    client.force_login(rater)
    response = client.post(rate_url(lab, idea), {"value": "5"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and 'id="crowd-rating"' in response.text and "<html" not in response.text
    response = client.post(rate_url(lab, idea), {"value": "9"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "field-error" in response.text
    assert CrowdRating.objects.get(idea=idea, user=rater).value == 5


def test_program_gate_refusal_is_shown_to_the_rater(client, lab):
    use_ratings(lab)
    lab.program.vote_requires_verified_email = True
    lab.program.save()
    idea, rater = mission_idea(lab), new_partner(lab)
    client.force_login(rater)
    response = client.post(rate_url(lab, idea), {"value": "3"}, follow=True)
    assert "verified email address" in response.text
    assert not CrowdRating.objects.exists()


@pytest.mark.parametrize("role", [*ROLES, "author"])
def test_rate_role_matrix(client, labs, role):
    lab, other = labs
    use_ratings(lab)
    idea = mission_idea(lab)
    user = idea.author if role == "author" else user_of(lab, role)
    allowed = role not in ("author", "visitor", "member", "partner_pending")
    status, response = status_as(client, user, rate_url(lab, idea), method="post", data={"value": "3"})
    assert_answer(role, status, response, allowed, ok=302)
    assert CrowdRating.objects.filter(idea=idea).exists() is allowed
    if user.is_authenticated:  # another organization's idea through this one's address
        status, _ = status_as(client, user, rate_url(lab, mission_idea(other)), method="post", data={"value": "3"})
        assert status == 404


# --- held voters are told kindly ---------------------------------------------------------------

def test_a_held_supporter_reads_that_the_support_waits_for_a_check(client, lab, burst):
    idea, flag = flagged(lab)
    voter = flag.supports.first().user
    client.force_login(voter)
    page = client.get(detail_url(lab, idea)).text
    assert "waiting for a quick check" in page and "Withdraw support" in page
    client.force_login(f.UserFactory(date_joined=timezone.now() - timedelta(days=300)))
    assert "waiting for a quick check" not in client.get(detail_url(lab, idea)).text
    vote_flag_resolve(flag, actor=lab.users["org_admin"], resolution="excluded")
    client.force_login(voter)
    assert "is not counted" in client.get(detail_url(lab, idea)).text


def test_a_held_rater_reads_that_the_rating_waits_for_a_check(client, lab):
    use_ratings(lab)
    idea, rater = mission_idea(lab), new_partner(lab)
    CrowdRating.objects.create(idea=idea, user=rater, value=5, status=VoteStatus.HELD)
    client.force_login(rater)
    assert "waiting for a quick check" in client.get(detail_url(lab, idea)).text


def test_support_gate_refusal_via_htmx_and_without(client, lab):
    lab.program.vote_min_account_age_days = 30
    lab.program.save()
    idea, voter = mission_idea(lab), new_partner(lab)
    client.force_login(voter)
    url = f"/o/{lab.org.slug}/ideas/{idea.pk}/support/"
    response = client.post(url, {"action": "add"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "30 days old" in response.text
    response = client.post(url, {"action": "add"}, follow=True)
    assert "30 days old" in response.text and not Support.objects.exists()


# --- the held-votes review page --------------------------------------------------------------

@pytest.mark.parametrize("role", ROLES)
def test_flags_page_role_matrix(client, labs, role, burst):
    lab, other = labs
    flagged(lab)
    user = user_of(lab, role)
    status, response = status_as(client, user, flags_url(lab))
    assert_answer(role, status, response, role in MANAGERS)
    if role in MANAGERS:
        assert "Sea-salt refill" in response.text and "5 supports within 60 minutes" in response.text


@pytest.mark.parametrize("role", ROLES)
def test_resolve_role_matrix_and_other_organization(client, labs, role, burst):
    lab, other = labs
    idea, flag = flagged(lab)
    _other_idea, other_flag = flagged(other)
    user = user_of(lab, role)
    data = {f"flag{flag.pk}-resolution": "counted", f"flag{flag.pk}-note": "A class voted together."}
    status, response = status_as(client, user, f"{flags_url(lab)}{flag.pk}/resolve/", method="post", data=data)
    assert_answer(role, status, response, role in MANAGERS, ok=302)
    flag.refresh_from_db()
    assert (flag.resolution == "counted") is (role in MANAGERS)
    if role in MANAGERS:
        assert flag.note == "A class voted together." and Idea.objects.get(pk=idea.pk).support_count == 5
        status, _ = status_as(client, user, f"{flags_url(lab)}{other_flag.pk}/resolve/", method="post",
                              data={f"flag{other_flag.pk}-resolution": "excluded"})
        assert status == 404
        other_flag.refresh_from_db()
        assert other_flag.resolution == "open"


def test_excluding_from_the_page_and_the_decided_list(client, lab, burst):
    idea, flag = flagged(lab)
    client.force_login(lab.users["program_manager"])
    page = client.get(flags_url(lab)).text
    assert "Count these votes" in page and "Exclude these votes" in page and "@example.com" not in page
    client.post(f"{flags_url(lab)}{flag.pk}/resolve/", {f"flag{flag.pk}-resolution": "excluded"})
    flag.refresh_from_db()
    assert flag.resolution == "excluded" and Idea.objects.get(pk=idea.pk).support_count == 0
    assert "No votes are waiting for a check." in client.get(flags_url(lab)).text
    decided = client.get(flags_url(lab) + "?state=resolved").text
    assert "Sea-salt refill" in decided and "Excluded" in decided


def test_flags_page_queries_do_not_grow_with_flags(client, lab, burst):
    client.force_login(lab.users["org_admin"])
    counts = []
    for _ in range(2):
        for _ in range(3):
            flagged(lab, newcomers=6)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(flags_url(lab)).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


# --- the program's thresholds ----------------------------------------------------------------

def test_program_form_edits_the_vote_thresholds(client, lab):
    from cocreate.programs.forms import program_initial

    client.force_login(lab.users["program_manager"])
    url = f"/o/{lab.org.slug}/programs/{lab.program.slug}/edit/"
    page = client.get(url).text
    assert 'name="vote_min_account_age_days"' in page and 'name="vote_requires_verified_email"' in page
    data = {k: ("" if v is None else v) for k, v in program_initial(lab.program).items()}
    data = {k: v for k, v in data.items() if v is not False}
    data |= {"vote_min_account_age_days": "14", "vote_requires_verified_email": "on"}
    response = client.post(url, data)
    assert response.status_code == 302, response.text
    lab.program.refresh_from_db()
    assert lab.program.vote_min_account_age_days == 14 and lab.program.vote_requires_verified_email is True


def test_organization_page_links_the_held_votes_for_managers_only(client, lab):
    for role, shown in (("program_manager", True), ("org_admin", True), ("judge", False), ("member", False)):
        client.force_login(lab.users[role])
        assert (flags_url(lab) in client.get(f"/o/{lab.org.slug}/").text) is shown


def test_program_form_refuses_an_absurd_account_age(client, lab):
    from cocreate.programs.forms import ProgramForm, program_initial

    data = {k: v for k, v in program_initial(lab.program).items() if v not in (None, False)}
    assert ProgramForm(data | {"vote_min_account_age_days": "99999"}).is_valid() is False
    form = ProgramForm(data | {"vote_min_account_age_days": ""})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["vote_min_account_age_days"] == 0
