"""Selection pages: the quota editor, running, the proof, accepting, the board and the
applicant's answer; the permission matrix and a query-count guard."""

import re
from datetime import UTC

import pytest

from cocreate.programs.models import Partner
from cocreate.recruiting import cohorts
from cocreate.recruiting.enums import EntryStatus, SelectionStatus
from cocreate.recruiting.models import Application, Quota, Review, Round, Selection, SelectionEntry
from tests.factories import UserFactory
from tests.recruiting.factories import ApplicationFactory, RoundFactory, RubricCriterionFactory
from tests.roles import MANAGERS, ROLES, assert_answer, status_as, user_of

pytestmark = pytest.mark.django_db


def base(lab, suffix=""):
    return f"/o/{lab.org.slug}/programs/{lab.program.slug}/recruitments/{lab.recruitment.pk}/{suffix}"


def people(lab, n, *, regions=("Seoul", "Busan")):
    """``n`` applicants alternating between regions, scored 10·(n − i) in a one-criterion round."""
    round = RoundFactory(recruitment=lab.recruitment, name="Written answers")
    criterion = RubricCriterionFactory(round=round, name="Passion", weight=100, scale_min=0, scale_max=100)
    made = []
    for i in range(n):
        user = UserFactory(name=f"Person {i}", region=regions[i % len(regions)], gender=("female", "male")[i % 2])
        made.append(ApplicationFactory(recruitment=lab.recruitment, applicant=user))
    Review.objects.bulk_create(Review(round=round, application=a, reviewer=lab.users["reviewer"],
                                      criterion=criterion, value=max(0, 100 - 3 * i)) for i, a in enumerate(made))
    return made, round


def quota_post(*lines, total=3):
    data = {"quotas-TOTAL_FORMS": str(total), "quotas-INITIAL_FORMS": "0", "quotas-MIN_NUM_FORMS": "0",
            "quotas-MAX_NUM_FORMS": "1000"}
    for i in range(total):
        data |= {f"quotas-{i}-attribute": "gender", f"quotas-{i}-value": "", f"quotas-{i}-minimum": "0",
                 f"quotas-{i}-maximum": "", f"quotas-{i}-question": ""}
    for i, line in enumerate(lines):
        data |= {f"quotas-{i}-{k}": v for k, v in line.items()}
    return data


def test_manager_edits_quotas_seeing_the_values_in_the_pool(client, lab):
    people(lab, 5)
    client.force_login(lab.users["program_manager"])
    page = client.get(base(lab, "selection/quotas/")).text
    assert "5 applicants can be chosen." in page
    assert re.search(r"<td>Seoul</td><td class=\"number\">3</td>", page)
    assert '<option value="Busan"></option>' in page
    response = client.post(base(lab, "selection/quotas/"), quota_post(
        {"attribute": "region", "value": "Busan", "minimum": "2"}, {"attribute": "gender", "value": "female",
                                                                    "minimum": "1", "maximum": "3"}))
    assert response.status_code == 302 and response["Location"] == base(lab, "selection/")
    assert list(Quota.objects.values_list("attribute", "value", "minimum", "maximum")) == [
        ("gender", "female", 1, 3), ("region", "Busan", 2, None)]
    page = client.get(base(lab, "selection/quotas/")).text
    assert 'name="quotas-0-value" value="female"' in page and 'name="quotas-1-value" value="Busan"' in page


def test_bad_quotas_are_explained_and_kept(client, lab):
    client.force_login(lab.users["program_manager"])
    response = client.post(base(lab, "selection/quotas/"), quota_post(
        {"attribute": "region", "value": "Seoul", "minimum": "4", "maximum": "2"}))
    assert response.status_code == 200
    assert "Region = Seoul: the maximum (2) must be at least the minimum (4)." in response.text
    assert 'name="quotas-0-value" value="Seoul"' in response.text
    assert not Quota.objects.exists()


def test_run_shows_the_cohort_its_price_quotas_and_charts(client, lab):
    made, round = people(lab, 6)
    cohorts.quotas_set(lab.recruitment, actor=lab.users["program_manager"],
                       quotas=[{"attribute": "region", "value": "Busan", "minimum": 2}])
    client.force_login(lab.users["program_manager"])
    page = client.get(base(lab, "selection/")).text
    assert f'<input type="number" name="size" value="{lab.recruitment.target_size}"' in page
    assert f'<option value="{round.pk}" selected>Written answers</option>' in page
    response = client.post(base(lab, "selection/"), {"size": "3", "round": str(round.pk), "correction": "",
                                                     "seed": "11"})
    selection = Selection.objects.get()
    assert response.status_code == 302
    assert response["Location"] == base(lab, f"selection/{selection.pk}/")
    page = client.get(response["Location"]).text
    # Person 0 (Seoul, 100), Person 1 (Busan, 97), Person 3 (Busan, 91): Person 2 (Seoul, 94) gives way.
    assert selection.result["cohort"] == [made[0].pk, made[1].pk, made[3].pk]
    assert "Person 0" in page and "Person 3" in page and "Person 2" not in page.split("Chosen")[1].split("</table>")[0]
    assert "288.0" in page and "291.0" in page and "3.0 (1.0%)" in page
    assert "Reproducible: seed 11" in page and "binding" in page
    assert '<rect class="bar-cohort" x="0" y="0" width="33.3" height="10"/>' in page  # Seoul: 1 of 3
    assert '<rect class="bar-pool" x="0" y="0" width="50.0" height="10"/>' in page
    assert "Score distribution by round" in page and 'class="bar-score"' in page
    assert "Accept and invite 3 people" in page
    assert ' style="' not in page.split("<main")[1]  # strict CSP: no inline styles


def test_infeasible_run_lists_the_reasons_and_keeps_the_form(client, lab):
    made, round = people(lab, 4)
    cohorts.quotas_set(lab.recruitment, actor=lab.users["program_manager"],
                       quotas=[{"attribute": "region", "value": "Busan", "minimum": 3}])
    client.force_login(lab.users["program_manager"])
    response = client.post(base(lab, "selection/"), {"size": "3", "round": str(round.pk), "seed": "5"})
    assert response.status_code == 200
    assert "No cohort of 3 can meet these quotas:" in response.text
    assert "Region = Busan: at least 3 are asked for, but only 2 applicants qualify." in response.text
    assert "Smallest change that works: lower the minimum of Region = Busan from 3 to 2." in response.text
    assert 'name="size" value="3"' in response.text and 'name="seed" value="5"' in response.text
    assert not Selection.objects.exists()


def test_accept_then_the_board_and_the_applicant_confirms(client, lab):
    made, round = people(lab, 4)
    manager = lab.users["program_manager"]
    selection = cohorts.selection_run(lab.recruitment, actor=manager, size=2, round=round, seed=1)
    client.force_login(manager)
    response = client.post(base(lab, f"selection/{selection.pk}/accept/"), {"confirm_days": "3"})
    assert response.status_code == 302
    selection.refresh_from_db()
    assert (selection.status, selection.confirm_days) == (SelectionStatus.ACCEPTED, 3)
    page = client.get(base(lab, f"selection/{selection.pk}/")).text
    assert "2 invited · 0 confirmed · 0 declined · 0 expired · 2 waiting" in page
    assert "Accept and invite" not in page
    first = made[0]
    entry = SelectionEntry.objects.get(selection=selection, application=first)
    client.force_login(first.applicant)
    mine = client.get("/me/applications/").text
    assert "You were chosen. Please confirm or decline by" in mine
    assert f'action="/me/invitations/{entry.pk}/respond/"' in mine
    response = client.post(f"/me/invitations/{entry.pk}/respond/", {"answer": "confirm"})
    assert response.status_code == 302 and response["Location"] == "/me/applications/"
    entry.refresh_from_db()
    assert entry.status == EntryStatus.CONFIRMED
    assert Partner.objects.filter(program=lab.program, user=first.applicant).exists()
    # Someone else's invitation is not there for them.
    other = SelectionEntry.objects.get(selection=selection, application=made[1])
    assert client.post(f"/me/invitations/{other.pk}/respond/", {"answer": "decline"}).status_code == 404
    client.force_login(made[1].applicant)
    client.post(f"/me/invitations/{other.pk}/respond/", {"answer": "decline"})
    assert SelectionEntry.objects.get(selection=selection, application=made[2]).status == EntryStatus.INVITED


# Permissions -------------------------------------------------------------------------------

@pytest.mark.parametrize("role", ROLES)
def test_manage_selection(client, labs, role):
    lab, other = labs
    user = user_of(lab, role)
    expected = role in MANAGERS
    selections = {}
    for owner in labs:
        ApplicationFactory(recruitment=owner.recruitment)
        selections[owner.org.pk] = cohorts.selection_run(owner.recruitment, actor=owner.users["program_manager"],
                                                         size=1, seed=1)
    assert user.has_perm("recruiting.manage_selection", lab.recruitment) is expected
    assert user.has_perm("recruiting.manage_selection", other.recruitment) is False
    for owner, allowed in ((lab, expected), (other, False)):
        selection = selections[owner.org.pk]
        for path in ("selection/", "selection/quotas/", f"selection/{selection.pk}/"):
            status, response = status_as(client, user, base(owner, path))
            assert_answer(role, status, response, allowed)
        status, response = status_as(client, user, base(owner, f"selection/{selection.pk}/accept/"), method="post",
                                     data={"confirm_days": "7"})
        assert_answer(role, status, response, allowed, ok=302)
    assert Selection.objects.get(pk=selections[other.org.pk].pk).status == SelectionStatus.PROPOSED


@pytest.mark.parametrize("role", [*ROLES, "invitee"])
def test_respond_invitation(client, labs, role):
    lab, other = labs
    entries = {}
    for owner in labs:
        application = ApplicationFactory(recruitment=owner.recruitment)
        selection = cohorts.selection_run(owner.recruitment, actor=owner.users["program_manager"], size=1, seed=1)
        cohorts.selection_accept(selection, actor=owner.users["program_manager"], confirm_days=7)
        entries[owner.org.pk] = SelectionEntry.objects.select_related("application").get(application=application)
    own = entries[lab.org.pk]
    user = own.application.applicant if role == "invitee" else user_of(lab, role)
    assert user.has_perm("recruiting.respond_invitation", own) is (role == "invitee")
    assert user.has_perm("recruiting.respond_invitation", entries[other.org.pk]) is False
    for entry, allowed in ((own, role == "invitee"), (entries[other.org.pk], False)):
        status, response = status_as(client, user, f"/me/invitations/{entry.pk}/respond/", method="post",
                                     data={"answer": "decline"})
        assert_answer(role, status, response, allowed, ok=302)


# Query counts ------------------------------------------------------------------------------

def test_selection_page_and_board_queries_do_not_grow(client, lab, django_assert_max_num_queries):
    manager = lab.users["program_manager"]
    client.force_login(manager)

    def board_with(n):
        # The same shape each time (one round), only the number of people changes.
        Selection.objects.all().delete()
        Round.objects.all().delete()
        Application.objects.all().delete()
        made, round = people(lab, n)
        selection = cohorts.selection_run(lab.recruitment, actor=manager, size=max(1, n // 3), round=round, seed=1)
        cohorts.selection_accept(selection, actor=manager, confirm_days=7)
        return base(lab, f"selection/{selection.pk}/")

    small_url = board_with(3)
    with django_assert_max_num_queries(60) as small:
        assert client.get(small_url).status_code == 200
    large_url = board_with(30)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(large_url).status_code == 200
    mine = SelectionEntry.objects.filter(status=EntryStatus.INVITED).first().application.applicant
    client.force_login(mine)
    with django_assert_max_num_queries(20):
        assert client.get("/me/applications/").status_code == 200


def test_quota_editor_offers_answer_options_and_the_recruitment_page_links_here(client, lab):
    from cocreate.recruiting.enums import QuestionKind
    from tests.factories import QuestionFactory

    question = QuestionFactory(recruitment=lab.recruitment, text="Which scent?", kind=QuestionKind.CHOICE,
                               choices=["Sea", "Wood"])
    made, _round = people(lab, 3)
    for application, answer in zip(made, ("Sea", "Sea", "Wood"), strict=True):
        application.answers.create(question=question, text=answer)
    client.force_login(lab.users["program_manager"])
    page = client.get(base(lab, "selection/quotas/")).text
    assert "<summary>Which scent?</summary>" in page
    assert re.search(r"<td>Sea</td><td class=\"number\">2</td>", page)
    assert f'<option value="{question.pk}">Which scent?</option>' in page
    response = client.post(base(lab, "selection/quotas/"), quota_post(
        {"attribute": "answer", "question": str(question.pk), "value": "Wood", "minimum": "1"}))
    assert response.status_code == 302
    assert list(Quota.objects.values_list("attribute", "question_id", "value", "minimum")) == [
        ("answer", question.pk, "Wood", 1)]
    assert f'href="{base(lab, "selection/")}"' in client.get(base(lab)).text


def test_the_invitation_notification_shows_the_deadline_in_the_readers_language(lab):
    from datetime import datetime

    from django.utils import translation

    from cocreate.notifications.kinds import render

    params = {"recruitment": "Lynx", "program": "Scent lab", "deadline_iso": datetime(2026, 12, 1, 9, 0,
                                                                                        tzinfo=UTC).isoformat()}
    with translation.override("en"):
        subject, body = render("selection_invited", params)
    assert subject == "You are invited to join “Scent lab”"
    assert "by Dec. 1, 2026, 6 p.m. under My applications" in body  # 09:00 UTC is 18:00 in Seoul
