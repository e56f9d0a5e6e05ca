"""Screening round pages: create, assign, the reviewer's queue and screen, results and moves."""

import pytest

from cocreate.core.models import AuditEvent
from cocreate.notifications.models import Notification
from cocreate.recruiting.enums import RoundOutcome, RoundStatus
from cocreate.recruiting.models import Application, Review, ReviewerAssignment, Round, RoundResult
from cocreate.recruiting.services import review_submit, round_close
from tests import factories as f
from tests.recruiting.factories import ApplicationFactory, make_round

pytestmark = pytest.mark.django_db


def base(lab, suffix=""):
    return f"/o/{lab.org.slug}/programs/{lab.program.slug}/recruitments/{lab.recruitment.pk}/{suffix}"


def round_url(lab, round, suffix=""):
    return base(lab, f"rounds/{round.pk}/{suffix}")


def rubric_post(*criteria):
    data = {"criteria-TOTAL_FORMS": "4", "criteria-INITIAL_FORMS": "0",
            "criteria-MIN_NUM_FORMS": "0", "criteria-MAX_NUM_FORMS": "1000"}
    for i in range(4):
        data |= {f"criteria-{i}-name": "", f"criteria-{i}-scale_min": "1", f"criteria-{i}-scale_max": "5",
                 f"criteria-{i}-weight": "", f"criteria-{i}-kind": "capability", f"criteria-{i}-source": "manual",
                 f"criteria-{i}-question": ""}
    for i, c in enumerate(criteria):
        data |= {f"criteria-{i}-{k}": v for k, v in c.items()}
    return data


def person(name, email, birth_year=1990, gender="female", region="Busan"):
    return f.UserFactory(name=name, email=email, birth_year=birth_year, gender=gender, region=region)


# Create and manage -----------------------------------------------------------------------

def test_manager_creates_a_round_from_the_recruitment_page(client, lab):
    client.force_login(lab.users["program_manager"])
    assert f'href="{base(lab, "rounds/new/")}"' in client.get(base(lab)).text
    data = {"name": "Written answers", "is_blind": "on", "status": "open"}
    data |= rubric_post({"name": "Passion", "weight": "70", "kind": "willingness"},
                        {"name": "Reach", "weight": "30", "source": "followers_log", "scale_min": "0",
                         "scale_max": "10"})
    response = client.post(base(lab, "rounds/new/"), data)
    round = Round.objects.get()
    assert response.status_code == 302 and response["Location"] == round_url(lab, round)
    assert (round.name, round.is_blind, round.status) == ("Written answers", True, RoundStatus.OPEN)
    assert list(round.criteria.values_list("name", "weight", "source")) == [("Passion", 70, "manual"),
                                                                            ("Reach", 30, "followers_log")]
    text = client.get(base(lab)).text
    assert "Written answers" in text and "2 criteria" in text


def test_weights_not_adding_up_are_explained_and_the_rubric_kept(client, lab):
    client.force_login(lab.users["program_manager"])
    data = {"name": "Interviews", "status": "draft"}
    data |= rubric_post({"name": "Extroversion", "weight": "60"}, {"name": "Usage frequency", "weight": "30"})
    response = client.post(base(lab, "rounds/new/"), data)
    assert response.status_code == 200
    assert "The weights of the criteria must add up to 100 (now 90)." in response.text
    assert 'value="Usage frequency"' in response.text and 'value="Extroversion"' in response.text
    assert not Round.objects.exists()


def test_manager_assigns_and_removes_a_reviewer_and_closes_the_round(client, lab):
    round = make_round(lab, reviewers=())
    client.force_login(lab.users["program_manager"])
    page = client.get(round_url(lab, round)).text
    assert lab.users["reviewer"].email in page and lab.users["judge"].email not in page  # candidates only
    client.post(round_url(lab, round, "reviewers/"), {"reviewer": lab.users["reviewer"].pk})
    assignment = ReviewerAssignment.objects.get(round=round)
    assert assignment.reviewer == lab.users["reviewer"]
    client.post(round_url(lab, round, f"reviewers/{assignment.pk}/remove/"))
    assert not ReviewerAssignment.objects.exists()
    client.post(round_url(lab, round, "status/"), {"status": "closed"})
    round.refresh_from_db()
    assert round.status == RoundStatus.CLOSED


# The reviewer's queue and screen ---------------------------------------------------------

def test_queue_shows_progress(client, lab):
    round = make_round(lab, applications=3)
    first = Application.objects.order_by("submitted_at", "id").first()
    passion, writing = round.criteria.get(name="Passion"), round.criteria.get(name="Writing")
    review_submit(round, first, reviewer=lab.users["reviewer"], values={passion.pk: 3, writing.pk: 4})
    second = Application.objects.order_by("submitted_at", "id")[1]
    review_submit(round, second, reviewer=lab.users["reviewer"], values={passion.pk: 3})  # half done
    client.force_login(lab.users["reviewer"])
    text = client.get(round_url(lab, round, "review/")).text
    assert "1 of 3 done" in text
    assert f'href="{round_url(lab, round, f"review/{second.pk}/")}" autofocus' in text  # first not done


def test_review_screen_is_keyboard_fast_and_saves_then_moves_on(client, lab):
    round = make_round(lab, applications=2)
    first, second = Application.objects.order_by("submitted_at", "id")
    passion, writing = round.criteria.get(name="Passion"), round.criteria.get(name="Writing")
    client.force_login(lab.users["reviewer"])
    text = client.get(round_url(lab, round, f"review/{first.pk}/")).text
    assert f'name="c_{passion.pk}" min="1" max="5" inputmode="numeric" autofocus' in text
    assert f'name="c_{writing.pk}"' in text and "Reach" not in text.split("review-form")[1].split("</form>")[0]
    assert "Save and next" in text and "0 of 2 done" in text
    response = client.post(round_url(lab, round, f"review/{first.pk}/"),
                           {f"c_{passion.pk}": "5", f"c_{writing.pk}": "4"})
    assert response.status_code == 302 and response["Location"] == round_url(lab, round, f"review/{second.pk}/")
    assert sorted(Review.objects.values_list("value", flat=True)) == [4, 5]
    # Coming back shows the scores given.
    assert f'name="c_{passion.pk}" value="5"' in client.get(round_url(lab, round, f"review/{first.pk}/")).text
    response = client.post(round_url(lab, round, f"review/{second.pk}/"),
                           {f"c_{passion.pk}": "2", f"c_{writing.pk}": "3"})
    assert response["Location"] == round_url(lab, round, "review/")


def test_a_score_out_of_scale_is_explained_and_the_typed_values_kept(client, lab):
    round = make_round(lab, applications=1)
    application = Application.objects.get()
    passion, writing = round.criteria.get(name="Passion"), round.criteria.get(name="Writing")
    client.force_login(lab.users["reviewer"])
    response = client.post(round_url(lab, round, f"review/{application.pk}/"),
                           {f"c_{passion.pk}": "9", f"c_{writing.pk}": "4"})
    assert response.status_code == 200
    assert "“Passion” takes a score from 1 to 5." in response.text
    assert f'name="c_{passion.pk}" value="9"' in response.text
    assert f'name="c_{writing.pk}" value="4"' in response.text
    assert not Review.objects.exists()


def test_blind_screen_hides_name_age_gender_and_email(client, lab):
    round = make_round(lab, is_blind=True, applications=0)
    applicant = person("Kim Minji", "minji@example.com", birth_year=2001, gender="female", region="Jeju")
    application = ApplicationFactory(recruitment=lab.recruitment, applicant=applicant)
    client.force_login(lab.users["reviewer"])
    for path in (round_url(lab, round, "review/"), round_url(lab, round, f"review/{application.pk}/")):
        text = client.get(path).text
        for secret in ("Kim Minji", "minji@example.com", "2001", "Age this year", "Gender", "Female"):
            assert secret not in text, (path, secret)
        assert "Applicant 1" in text
    assert "Jeju" in text  # the rest of the profile stays
    assert not AuditEvent.objects.filter(verb__startswith="personal_data", actor=lab.users["reviewer"]).exists()
    # Managers still see everything.
    client.force_login(lab.users["program_manager"])
    assert "Kim Minji" in client.get(round_url(lab, round)).text


def test_open_screen_shows_the_person_and_is_audited(client, lab):
    round = make_round(lab, applications=0)
    applicant = person("Lee Jun", "jun@example.com", birth_year=2000, gender="male")
    application = ApplicationFactory(recruitment=lab.recruitment, applicant=applicant)
    client.force_login(lab.users["reviewer"])
    text = client.get(round_url(lab, round, f"review/{application.pk}/")).text
    assert "Lee Jun" in text and "jun@example.com" in text and "Male" in text
    assert AuditEvent.objects.filter(verb="personal_data.viewed", actor=lab.users["reviewer"],
                                     target_id=application.pk).count() == 1


# Results and moves -----------------------------------------------------------------------

def test_results_rank_by_combined_score_and_scores_stay_private_until_close(client, lab):
    round = make_round(lab, is_blind=True, reviewers=("reviewer", "program_manager"), applications=0)
    passion, writing = round.criteria.get(name="Passion"), round.criteria.get(name="Writing")
    low = ApplicationFactory(recruitment=lab.recruitment, applicant=person("Low Score", "low@example.com"))
    high = ApplicationFactory(recruitment=lab.recruitment, applicant=person("High Score", "high@example.com"))
    review_submit(round, low, reviewer=lab.users["program_manager"], values={passion.pk: 1, writing.pk: 1})
    review_submit(round, high, reviewer=lab.users["program_manager"], values={passion.pk: 5, writing.pk: 5})
    client.force_login(lab.users["reviewer"])
    assert client.get(round_url(lab, round)).status_code == 404  # the manager's scores are private
    client.force_login(lab.users["program_manager"])
    text = client.get(round_url(lab, round)).text
    assert text.index("High Score") < text.index("Low Score")
    assert "80.0" in text  # 5/5 on passion (60) and writing (20); no followers (reach 0, 20)
    assert AuditEvent.objects.filter(verb="personal_data.listed", actor=lab.users["program_manager"]).count() == 1
    round_close(round, actor=lab.users["program_manager"])
    client.force_login(lab.users["reviewer"])
    text = client.get(round_url(lab, round)).text
    assert "80.0" in text and "High Score" not in text and "Applicant 1" in text  # blind stays blind
    assert "Advance" not in text and "Assign" not in text


def test_manager_moves_an_applicant_who_is_told(client, lab, mailoutbox, django_capture_on_commit_callbacks):
    round = make_round(lab, applications=0)
    applicant = person("Park Sora", "sora@example.com")
    application = ApplicationFactory(recruitment=lab.recruitment, applicant=applicant)
    client.force_login(lab.users["program_manager"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(round_url(lab, round, f"applications/{application.pk}/move/"),
                               {"outcome": "advanced"})
    assert response.status_code == 302 and response["Location"] == round_url(lab, round)
    assert RoundResult.objects.get().outcome == RoundOutcome.ADVANCED
    assert AuditEvent.objects.filter(verb="application.moved", target_id=application.pk).count() == 1
    assert Notification.objects.get(user=applicant).kind == "application_advanced"
    assert [m.to for m in mailoutbox] == [["sora@example.com"]]
    text = client.get(round_url(lab, round)).text
    assert "Advanced" in text and 'value="advanced"' not in text and 'value="waitlisted"' in text


# Query guards ----------------------------------------------------------------------------

@pytest.mark.parametrize("role, page", [
    ("reviewer", "review/"), ("program_manager", ""), ("program_manager", "recruitment"),
])
def test_list_pages_keep_their_query_count(client, lab, django_assert_max_num_queries, role, page):
    round = make_round(lab, reviewers=("reviewer", "program_manager"), applications=3)
    passion = round.criteria.get(name="Passion")

    def grow(n):
        for _ in range(n):
            application = ApplicationFactory(recruitment=lab.recruitment)
            for reviewer in ("reviewer", "program_manager"):
                review_submit(round, application, reviewer=lab.users[reviewer], values={passion.pk: 3})

    grow(0)
    path = base(lab) if page == "recruitment" else round_url(lab, round, page)
    client.force_login(lab.users[role])
    with django_assert_max_num_queries(40) as small:
        assert client.get(path).status_code == 200
    grow(30)
    make_round(lab, applications=0)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(path).status_code == 200


def test_results_offer_a_leniency_correction_and_report_agreement(client, lab):
    round = make_round(lab, applications=1)
    client.force_login(lab.users["program_manager"])
    text = client.get(round_url(lab, round), {"correction": "offset_model"}).text
    assert '<option value="offset_model" selected>' in text
    assert "Reviewers' agreement (Krippendorff's alpha)" in text
    assert client.get(round_url(lab, round), {"correction": "bogus"}).status_code == 200


def test_review_screen_keeps_its_query_count(client, lab, django_assert_max_num_queries):
    round = make_round(lab, applications=3)
    application = Application.objects.order_by("submitted_at", "id").first()
    path = round_url(lab, round, f"review/{application.pk}/")
    client.force_login(lab.users["reviewer"])
    with django_assert_max_num_queries(40) as small:
        assert client.get(path).status_code == 200
    for _ in range(30):
        ApplicationFactory(recruitment=lab.recruitment)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(path).status_code == 200
