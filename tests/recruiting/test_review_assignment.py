"""Reviewers assigned to particular applications of a round: the balanced distribution, the
queue, progress, the review permission, standings and agreement; the manager's page and API;
and a reviewer reading their own scores after the round closed."""

import pytest

from cocreate.core.errors import DomainError
from cocreate.core.models import AuditEvent
from cocreate.recruiting import distribution, selectors
from cocreate.recruiting.enums import RoundStatus
from cocreate.recruiting.models import Application, Review, ReviewerAssignment
from cocreate.recruiting.services import (
    assignment_set_applications,
    review_submit,
    reviewer_assign,
    reviewers_distribute,
    round_close,
)
from tests.api.helpers import Api, recruitment_url
from tests.recruiting.factories import make_round
from tests.roles import MANAGERS, ROLES, assert_answer, status_as, user_of

pytestmark = pytest.mark.django_db


def round_url(lab, round, suffix=""):
    return f"/o/{lab.org.slug}/programs/{lab.program.slug}/recruitments/{lab.recruitment.pk}/rounds/{round.pk}/{suffix}"


def api_url(lab, round, suffix=""):
    return recruitment_url(lab, f"/rounds/{round.pk}{suffix}")


def apps(lab):
    return list(Application.objects.filter(recruitment=lab.recruitment).order_by("submitted_at", "id"))


def passion(round):
    return round.criteria.get(name="Passion")


# The pure distribution ----------------------------------------------------------------------

def test_balanced_is_a_round_robin_by_load():
    assert distribution.balanced([1, 2, 3, 4, 5], ["a", "b", "c"], 2) == {
        "a": [1, 2, 4, 5], "b": [1, 3, 4], "c": [2, 3, 5]}
    assert distribution.balanced([], ["a"], 1) == {"a": []}
    with pytest.raises(ValueError):
        distribution.balanced([1], ["a", "b"], 3)


@pytest.mark.parametrize(("n", "reviewers", "k"), [(40, 7, 3), (12, 4, 4), (5, 6, 1), (101, 9, 2)])
def test_balanced_gives_everyone_k_distinct_reviewers_and_loads_within_one(n, reviewers, k):
    plan = distribution.balanced(list(range(n)), list(range(reviewers)), k)
    per_application = {a: [r for r, mine in plan.items() if a in mine] for a in range(n)}
    assert all(len(set(rs)) == k for rs in per_application.values())
    loads = [len(v) for v in plan.values()]
    assert max(loads) - min(loads) <= 1 and sum(loads) == n * k
    assert plan == distribution.balanced(list(range(n)), list(range(reviewers)), k)


# Services -----------------------------------------------------------------------------------

def test_assigning_chosen_applications_and_back_to_all(lab):
    round = make_round(lab, applications=3)
    a1, a2, a3 = apps(lab)
    manager, reviewer = lab.users["program_manager"], lab.users["reviewer"]
    assignment = reviewer_assign(round, reviewer=reviewer, actor=manager, applications=[a1, a3])
    assert sorted(assignment.applications.values_list("pk", flat=True)) == [a1.pk, a3.pk]
    queue = selectors.review_queue(round, reviewer)
    assert ([r.application.pk for r in queue.rows], queue.done, queue.total) == ([a1.pk, a3.pk], 0, 2)
    reviewer_assign(round, reviewer=reviewer, actor=manager, applications=[a1, a3])  # unchanged: no audit line
    reviewer_assign(round, reviewer=reviewer, actor=manager)
    assert selectors.review_queue(round, reviewer).total == 3
    assert list(AuditEvent.objects.filter(verb="round.reviewer_applications").order_by("pk").values_list(
        "data", flat=True)) == [
        {"reviewer": reviewer.pk, "applications": [a1.pk, a3.pk]}, {"reviewer": reviewer.pk, "applications": []}]


def test_only_applications_of_the_round_can_be_assigned(lab, labs):
    round = make_round(lab, applications=1)
    foreign = make_round(labs[0], applications=1)
    assignment = round.assignments.get()
    with pytest.raises(DomainError) as e:
        assignment_set_applications(assignment, applications=[Application.objects.get(
            recruitment=foreign.recruitment)], actor=lab.users["program_manager"])
    assert e.value.messages == ["Only applications screened in this round can be assigned."]
    assert assignment.applications.count() == 0


def test_distributing_gives_each_application_n_reviewers_with_balanced_load(lab):
    round = make_round(lab, reviewers=("reviewer", "program_manager", "org_admin"), applications=5)
    manager = lab.users["program_manager"]
    reviewers_distribute(round, per_application=2, actor=manager)
    a = [x.pk for x in apps(lab)]
    plan = {x.reviewer_id: sorted(x.applications.values_list("pk", flat=True))
            for x in ReviewerAssignment.objects.filter(round=round)}
    # Reviewers in the order they were assigned: reviewer, program manager, org admin.
    assert plan == {lab.users["reviewer"].pk: [a[0], a[1], a[3], a[4]], manager.pk: [a[0], a[2], a[3]],
                    lab.users["org_admin"].pk: [a[1], a[2], a[4]]}
    assert [selectors.review_queue(round, lab.users[r]).total for r in ("reviewer", "program_manager",
                                                                        "org_admin")] == [4, 3, 3]
    event = AuditEvent.objects.get(verb="round.reviewers_distributed")
    assert (event.data["per_application"], event.data["applications"]) == (2, 5)
    for k, message in ((0, "Each application can get from 1 to 3 reviewers (the reviewers assigned)."),
                       (4, "Each application can get from 1 to 3 reviewers (the reviewers assigned).")):
        with pytest.raises(DomainError) as e:
            reviewers_distribute(round, per_application=k, actor=manager)
        assert e.value.messages == [message]


def test_distributing_without_reviewers_says_so(lab):
    round = make_round(lab, reviewers=(), applications=2)
    with pytest.raises(DomainError) as e:
        reviewers_distribute(round, per_application=1, actor=lab.users["program_manager"])
    assert e.value.messages == ["Assign reviewers to the round first."]


def test_a_reviewer_scores_only_their_applications_and_next_stays_in_their_queue(lab):
    round = make_round(lab, applications=3)
    a1, a2, a3 = apps(lab)
    reviewer = lab.users["reviewer"]
    reviewer_assign(round, reviewer=reviewer, actor=lab.users["program_manager"], applications=[a1, a3])
    with pytest.raises(DomainError) as e:
        review_submit(round, a2, reviewer=reviewer, values={passion(round).pk: 3})
    assert e.value.messages == ["This application is not part of this round."]
    assert selectors.next_to_review(round, reviewer, a1) == a3
    assert selectors.next_to_review(round, reviewer, a3) == a1


def test_scores_outside_an_assignment_leave_standings_and_agreement(lab):
    round = make_round(lab, reviewers=("reviewer", "program_manager"), applications=2)
    a1, a2 = apps(lab)
    reviewer, manager = lab.users["reviewer"], lab.users["program_manager"]
    criterion = passion(round)
    for who, values in ((reviewer, (5, 1)), (manager, (4, 2))):
        for application, value in zip((a1, a2), values, strict=True):
            review_submit(round, application, reviewer=who, values={criterion.pk: value})
    before = {s.application.pk: (s.per_criterion[criterion.pk], s.reviewer_count)
              for s in selectors.round_standings(round)}
    assert before == {a1.pk: (4.5, 2), a2.pk: (1.5, 2)}
    assert selectors.round_agreement(round)[criterion.pk] == pytest.approx(0.85)
    # The manager narrows the reviewer to a1: their score of a2 no longer counts (but is kept).
    reviewer_assign(round, reviewer=reviewer, actor=manager, applications=[a1])
    after = {s.application.pk: (s.per_criterion[criterion.pk], s.reviewer_count)
             for s in selectors.round_standings(round)}
    assert after == {a1.pk: (4.5, 2), a2.pk: (2.0, 1)}
    assert Review.objects.filter(reviewer=reviewer).count() == 2
    # Only a1 is still scored twice: its two scores alone are the reliability data.
    assert selectors.round_agreement(round) == {criterion.pk: pytest.approx(0.0)}


# Permission matrix --------------------------------------------------------------------------

@pytest.mark.parametrize("role", ROLES)
def test_review_of_an_application_not_assigned_is_404(client, labs, role):
    lab, other = labs
    rounds = {}
    for owner in labs:
        round = make_round(owner, applications=2)
        first, _second = apps(owner)
        reviewer_assign(round, reviewer=owner.users["reviewer"], actor=owner.users["program_manager"],
                        applications=[first])
        rounds[owner.org.pk] = round
    user = user_of(lab, role)
    for owner in (lab, other):
        first, second = apps(owner)
        round = rounds[owner.org.pk]
        for application, assigned in ((first, True), (second, False)):
            allowed = role == "reviewer" and owner is lab and assigned
            status, response = status_as(client, user, round_url(owner, round, f"review/{application.pk}/"))
            assert_answer(role, status, response, allowed)


@pytest.mark.parametrize("role", ROLES)
def test_assign_and_distribute_are_for_managers(client, labs, role):
    lab, other = labs
    rounds = {owner.org.pk: make_round(owner, applications=2) for owner in labs}
    user = user_of(lab, role)
    for owner in (lab, other):
        round = rounds[owner.org.pk]
        allowed = role in MANAGERS and owner is lab
        first = apps(owner)[0]
        status, response = status_as(client, user, round_url(owner, round, "reviewers/"), method="post",
                                     data={"reviewer": owner.users["reviewer"].pk, "applications": [first.pk]})
        assert_answer(role, status, response, allowed, ok=302)
        status, response = status_as(client, user, round_url(owner, round, "reviewers/distribute/"),
                                     method="post", data={"per_application": "1"})
        assert_answer(role, status, response, allowed, ok=302)
    assert ReviewerAssignment.objects.get(round=rounds[other.org.pk]).applications.count() == 0


# Pages --------------------------------------------------------------------------------------

def test_the_manager_assigns_chosen_applications_and_distributes_on_the_round_page(client, lab):
    round = make_round(lab, reviewers=("reviewer",), applications=3)
    a1, a2, a3 = apps(lab)
    client.force_login(lab.users["program_manager"])
    page = client.get(round_url(lab, round)).text
    assert f'name="applications" value="{a2.pk}"' in page and "every application" in page
    response = client.post(round_url(lab, round, "reviewers/"), {"reviewer": lab.users["reviewer"].pk,
                                                                 "applications": [a2.pk, a3.pk]})
    assert response.status_code == 302
    page = client.get(round_url(lab, round)).text
    assert "Reviewer reviews 2 applications of this round." in page and "2 applications" in page
    client.post(round_url(lab, round, "reviewers/"), {"reviewer": lab.users["program_manager"].pk})
    response = client.post(round_url(lab, round, "reviewers/distribute/"), {"per_application": "1"})
    assert response.status_code == 302
    assert "Every application now has 1 reviewer." in client.get(round_url(lab, round)).text
    plan = {x.reviewer_id: sorted(x.applications.values_list("pk", flat=True))
            for x in ReviewerAssignment.objects.filter(round=round)}
    assert plan == {lab.users["reviewer"].pk: [a1.pk, a3.pk], lab.users["program_manager"].pk: [a2.pk]}
    client.post(round_url(lab, round, "reviewers/distribute/"), {"per_application": "3"})
    assert ("Each application can get from 1 to 2 reviewers (the reviewers assigned)."
            in client.get(round_url(lab, round)).text)


def test_the_queue_shows_progress_over_the_assigned_applications(client, lab):
    round = make_round(lab, applications=4)
    a = apps(lab)
    reviewer = lab.users["reviewer"]
    reviewer_assign(round, reviewer=reviewer, actor=lab.users["program_manager"], applications=a[1:3])
    review_submit(round, a[1], reviewer=reviewer, values={passion(round).pk: 4,
                                                          round.criteria.get(name="Writing").pk: 2})
    client.force_login(reviewer)
    page = client.get(round_url(lab, round, "review/")).text
    assert "1 of 2 done" in page
    assert f'review/{a[0].pk}/"' not in page and f'review/{a[2].pk}/"' in page


def test_after_close_the_reviewer_reads_their_own_scores_and_the_results(client, lab):
    round = make_round(lab, reviewers=("reviewer", "program_manager"), applications=2)
    a1, a2 = apps(lab)
    reviewer = lab.users["reviewer"]
    writing = round.criteria.get(name="Writing")
    review_submit(round, a1, reviewer=reviewer, values={passion(round).pk: 4, writing.pk: 2})
    review_submit(round, a2, reviewer=lab.users["program_manager"], values={passion(round).pk: 1})
    round_close(round, actor=lab.users["program_manager"])
    client.force_login(reviewer)
    page = client.get(round_url(lab, round, "review/")).text
    assert "Your scores are shown below as you gave them." in page
    assert '<th scope="col" class="number">Passion</th><th scope="col" class="number">Writing</th>' in page
    assert '<td class="number">4</td><td class="number">2</td>' in page
    assert '<td class="number">—</td><td class="number">—</td>' in page
    assert f'href="{round_url(lab, round)}"' in page
    assert f'review/{a1.pk}/"' not in page  # read-only: no link to the scoring screen
    assert client.get(round_url(lab, round, f"review/{a1.pk}/")).status_code == 404
    results = client.get(round_url(lab, round))
    assert results.status_code == 200 and "Standings" in results.text
    client.force_login(lab.users["judge"])
    assert client.get(round_url(lab, round, "review/")).status_code == 404


@pytest.mark.parametrize("page", ["", "review/"])
def test_round_pages_keep_their_query_count_with_assignments(client, lab, django_assert_max_num_queries, page):
    round = make_round(lab, reviewers=("reviewer", "program_manager"), applications=2)
    reviewers_distribute(round, per_application=1, actor=lab.users["program_manager"])
    client.force_login(lab.users["program_manager"] if page == "" else lab.users["reviewer"])
    with django_assert_max_num_queries(50) as small:
        assert client.get(round_url(lab, round, page)).status_code == 200
    make_round(lab, reviewers=(), applications=6)  # more applications in the recruitment
    reviewers_distribute(round, per_application=2, actor=lab.users["program_manager"])
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(round_url(lab, round, page)).status_code == 200


# API ----------------------------------------------------------------------------------------

def test_the_api_puts_applications_and_distributes(client, lab):
    round = make_round(lab, reviewers=("reviewer", "program_manager"), applications=3)
    a1, a2, a3 = apps(lab)
    api = Api(client).as_user(lab.users["program_manager"])
    listed = api.get(api_url(lab, round, "/reviewers")).json()
    assert [(x["reviewer"]["id"], x["application_ids"]) for x in listed] == [
        (lab.users["program_manager"].pk, []), (lab.users["reviewer"].pk, [])]
    reviewer_assignment = round.assignments.get(reviewer=lab.users["reviewer"])
    path = api_url(lab, round, f"/reviewers/{reviewer_assignment.pk}/applications")
    response = api.put(path, {"application_ids": [a3.pk, a1.pk]})
    assert response.status_code == 200 and response.json()["application_ids"] == [a1.pk, a3.pk]
    bad = api.put(path, {"application_ids": [a1.pk, 10**9]})
    assert bad.status_code == 400 and bad.json()["code"] == "not_in_round"
    response = api.post(api_url(lab, round, "/reviewers/distribute"), {"per_application": 2})
    assert response.status_code == 200
    assert sorted(len(x["application_ids"]) for x in response.json()) == [3, 3]
    assert api.post(api_url(lab, round, "/reviewers/distribute"), {"per_application": 0}).status_code == 422
    api.as_user(lab.users["reviewer"])
    assert api.get(api_url(lab, round, "/reviewers")).status_code == 404
    assert api.post(api_url(lab, round, "/reviewers/distribute"), {"per_application": 1}).status_code == 404
    assert a2  # every application got both reviewers


def test_the_api_refuses_scores_on_an_application_not_assigned_with_404(client, lab):
    round = make_round(lab, applications=2)
    a1, a2 = apps(lab)
    reviewer_assign(round, reviewer=lab.users["reviewer"], actor=lab.users["program_manager"], applications=[a1])
    api = Api(client).as_user(lab.users["reviewer"])
    payload = {"scores": [{"criterion_id": passion(round).pk, "value": 3}]}
    assert api.put(api_url(lab, round, f"/applications/{a2.pk}/review"), payload).status_code == 404
    assert api.put(api_url(lab, round, f"/applications/{a1.pk}/review"), payload).status_code == 200
    assert round.status == RoundStatus.OPEN
