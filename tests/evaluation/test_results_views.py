"""A program's results page and exports, and the breakdown with its formula on the idea page."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from openpyxl import load_workbook

from cocreate.ideas.enums import IdeaState, VoteStatus
from cocreate.ideas.models import Support
from cocreate.programs.enums import Leniency
from tests import factories as f
from tests.roles import ROLES, assert_answer, status_as, user_of

from .factories import mission_idea, score

pytestmark = pytest.mark.django_db

ALLOWED = {"org_admin", "program_manager", "judge", "executive"}


def results_url(lab, program=None):
    return f"/o/{lab.org.slug}/programs/{(program or lab.program).slug}/results/"


def coca_cola(lab):
    """Two judges, the fourth criterion the participants' vote from supports, offset model."""
    vote = lab.criteria[3]
    vote.is_crowd_vote = True
    vote.save()
    lab.agreement.leniency = Leniency.JUDGE_OFFSET
    lab.agreement.save()
    best = mission_idea(lab, title="Refill pack")
    split = mission_idea(lab, title="Glitter can")
    judge, executive = lab.users["judge"], lab.users["executive"]
    score(best, judge, [9, 9, 9])
    score(best, executive, [9, 9, 9])
    score(split, judge, [1, 5, 5])
    score(split, executive, [10, 5, 5])
    anchor = mission_idea(lab, title="Scent strip")  # both judges agree: anchors their offsets
    score(anchor, judge, [5, 5, 5])
    score(anchor, executive, [5, 5, 5])
    for _ in range(2):
        Support.objects.create(idea=best, user=f.UserFactory())
    Support.objects.create(idea=split, user=f.UserFactory())
    Support.objects.create(idea=split, user=f.UserFactory(), status=VoteStatus.HELD)
    return best, split


@pytest.mark.parametrize("role", ROLES)
def test_results_page_role_matrix(client, labs, role):
    lab, other = labs
    user = user_of(lab, role)
    status, response = status_as(client, user, results_url(lab))
    assert_answer(role, status, response, role in ALLOWED)
    if user.is_authenticated:  # another organization's program through this one's address
        status, _ = status_as(client, user, f"/o/{lab.org.slug}/programs/{other.program.slug}/results/")
        assert status == 404


def test_results_page_shows_ranking_formula_alpha_and_second_look(client, lab):
    best, split = coca_cola(lab)
    client.force_login(lab.users["program_manager"])
    with translation.override("en"):
        text = client.get(results_url(lab), HTTP_ACCEPT_LANGUAGE="en").text
    ranking = text[text.index('id="ranking-title"'):]
    assert ranking.index("Refill pack") < ranking.index("Glitter can") < ranking.index("Scent strip")
    assert "Additive judge offset" in text
    assert "How the final score is computed" in text
    assert "Krippendorff" in text
    second_look = text[text.index('<ul class="second-look">'):]
    assert "Glitter can" in second_look[:second_look.index("</ul>")]  # 1 and 10: even corrected, far apart
    assert "Refill pack" not in second_look[:second_look.index("</ul>")]
    assert "1 participant vote is held for review" in text
    assert "2 supports ÷ 2, the most any idea of the program received" in text  # worked example


def test_results_exports_csv_and_xlsx(client, lab):
    coca_cola(lab)
    client.force_login(lab.users["executive"])
    response = client.get(results_url(lab) + "?format=csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[1][:3] == ["1", str(rows[1][1]), "Refill pack"]
    assert rows[2][2] == "Glitter can"
    response = client.get(results_url(lab) + "?format=xlsx")
    book = load_workbook(io.BytesIO(response.content))
    sheet = book.worksheets[0]
    assert sheet.cell(row=2, column=3).value == "Refill pack"
    assert sheet.cell(row=2, column=1).value == 1
    assert len(book.worksheets) == 2


def test_spreadsheet_cells_never_start_a_formula(client, lab):
    idea = mission_idea(lab, title="=HYPERLINK(\"http://x\")")
    score(idea, lab.users["judge"], [5, 5, 5, 5])
    client.force_login(lab.users["executive"])
    rows = list(csv.reader(io.StringIO(client.get(results_url(lab) + "?format=csv").content.decode("utf-8-sig"))))
    assert rows[1][2].startswith("'=")


def test_results_page_keeps_a_constant_number_of_queries(client, lab):
    client.force_login(lab.users["executive"])
    counts = []
    for n in (2, 12):
        for _ in range(n - (len(counts) and 2)):
            idea = mission_idea(lab)
            score(idea, lab.users["judge"], [5, 6, 7, 8])
        with CaptureQueriesContext(connection) as queries:
            assert client.get(results_url(lab)).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_author_reads_breakdown_and_formula_only_after_the_decision(client, lab):
    best, _ = coca_cola(lab)
    client.force_login(best.author)
    url = f"/o/{lab.org.slug}/ideas/{best.pk}/"
    with translation.override("en"):
        assert "How this score is computed" not in client.get(url, HTTP_ACCEPT_LANGUAGE="en").text
        best.state = IdeaState.ACCEPTED
        best.save()
        text = client.get(url, HTTP_ACCEPT_LANGUAGE="en").text
    assert "How this score is computed" in text
    assert "Final score = the sum over the criteria" in text
