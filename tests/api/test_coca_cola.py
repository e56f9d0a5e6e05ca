"""The Coca-Cola pattern end to end through /api/v1/, in Korean and English: the agreement read
(four criteria at 25 %, the fourth the participants' vote from supports), judges assigned
automatically, each judge's scores sent through the API (the vote is not theirs to score),
partners' supports sent through the API, and the results whose every figure equals the one
computed here, independently, from the raw numbers."""

import pytest

from cocreate.evaluation.models import Score
from tests import factories as f
from tests.browser.helpers import T
from tests.evaluation.coca_cola import expected_points
from tests.evaluation.factories import mission_idea, new_partner

from .helpers import org_url

pytestmark = pytest.mark.django_db

# (first judge, second judge) on Creativity (0-10), Usefulness (0-10), Brand impact (0-5).
SCORES = {
    "Refill pack": [(8, 6), (10, 10), (3, 4)],
    "Glitter can": [(2, 4), (5, 3), (1, 2)],
    "Paper bottle": [(9, 9), (6, 7), (5, 4)],
}
# The ideas each of four partners supports.
SUPPORTERS = [
    ["Refill pack", "Glitter can", "Paper bottle"],
    ["Refill pack", "Paper bottle"],
    ["Refill pack", "Paper bottle"],
    ["Refill pack"],
]


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_coca_cola_through_the_api(api, lab, lang):
    org = lab.org
    creativity, usefulness, brand, vote = lab.criteria
    vote.is_crowd_vote = True
    vote.save(update_fields=["is_crowd_vote"])
    brand.scale_max = 5
    brand.save(update_fields=["scale_max"])
    manager = lab.users["program_manager"]
    judges = [lab.users["judge"], f.UserFactory(name="Second judge")]
    f.MembershipFactory(organization=org, user=judges[1], role="judge")
    for person in (manager, *judges):
        person.language = lang
        person.save(update_fields=["language"])
    ideas = {title: mission_idea(lab, title=title) for title in SCORES}
    program_url = f"{org_url(lab)}/programs/{lab.program.slug}"

    # 1. The agreement in force publishes the rule.
    agreement = api.as_user(manager).get(f"{program_url}/agreement").json()
    assert [(c["name"], c["weight"], c["scale_max"], c["is_crowd_vote"]) for c in agreement["criteria"]] == [
        ("Creativity", 25, 10, False),
        ("Usefulness", 25, 10, False),
        ("Brand impact", 25, 5, False),
        ("Participant vote", 25, 10, True),
    ]
    assert (agreement["crowd_vote_share"], agreement["crowd_source"], agreement["leniency"]) == (
        25,
        "supports",
        "none",
    )
    assert agreement["min_judges"] == 2

    # 2. Judges assigned automatically: both judges on every idea.
    auto = api.post(f"{program_url}/judging/auto", {}).json()
    assert auto["created"] == 6 and auto["short"] == []
    assert sorted((row["judge"]["id"], row["load"]) for row in auto["loads"]) == [(j.pk, 3) for j in judges]

    # 3. Each judge reads their queue and sends their scores; the vote is not on their card.
    for j, judge in enumerate(judges):
        api.as_user(judge)
        queue = api.get(f"{org_url(lab)}/evaluation/queue").json()
        assert sorted(item["id"] for item in queue["items"]) == sorted(i.pk for i in ideas.values())
        assert {item["criteria_count"] for item in queue["items"]} == {3}
        for title, idea in ideas.items():
            url = f"{org_url(lab)}/ideas/{idea.pk}/scores"
            card = api.get(url).json()["scores"]
            assert [s["criterion_id"] for s in card] == [creativity.pk, usefulness.pk, brand.pk]
            refused = api.put(url, {"scores": [{"criterion_id": vote.pk, "value": 10}]})
            assert refused.status_code == 400
            values = [
                {"criterion_id": s["criterion_id"], "value": pair[j]}
                for s, pair in zip(card, SCORES[title], strict=True)
            ]
            body = api.put(url, {"scores": values}).json()
            assert [s["value"] for s in body["scores"]] == [pair[j] for pair in SCORES[title]]
        queue = api.get(f"{org_url(lab)}/evaluation/queue").json()
        assert {item["my_score_count"] for item in queue["items"]} == {3}
    assert Score.objects.count() == 18 and not Score.objects.filter(criterion=vote).exists()

    # 4. Partners support through the API; a second support changes nothing.
    for chosen in SUPPORTERS:
        api.as_user(new_partner(lab))
        for title in chosen:
            url = f"{org_url(lab)}/ideas/{ideas[title].pk}/support"
            assert api.post(url).status_code == 201
            again = api.post(url)
            assert again.status_code == 200 and again.json()["supported"] is True

    # 5. The results: ranking, every criterion's points and the total, exactly as computed here.
    want = expected_points(lab.criteria, SCORES, SUPPORTERS)
    ranking = sorted(SCORES, key=lambda t: -want[t][0])
    assert ranking == ["Refill pack", "Paper bottle", "Glitter can"]
    body = api.as_user(manager).get(f"{program_url}/results").json()
    assert [(item["rank"], item["title"]) for item in body["items"]] == list(enumerate(ranking, start=1))
    for item in body["items"]:
        total, points = want[item["title"]]
        b = item["breakdown"]
        assert b["total"] == round(float(total), 2)
        assert [c["contribution"] for c in b["criteria"]] == [round(float(p), 4) for p in points]
        assert [c["source"] for c in b["criteria"]] == ["judges", "judges", "judges", "supports"]
        assert b["criteria"][3]["crowd_value"] == sum(item["title"] in chosen for chosen in SUPPORTERS)
        assert b["complete"] is True and b["judges"] == 2
        assert b["formula"][-1] == T(lang, "Total: %(total)s of 100.", total=f"{float(total):.1f}")
    assert [(i["rank"], i["breakdown"]["total"]) for i in body["items"]] == [(1, 85.0), (2, 80.0), (3, 31.25)]

    # The idea's own breakdown agrees with the results.
    glitter = api.get(f"{org_url(lab)}/ideas/{ideas['Glitter can'].pk}/breakdown").json()
    assert glitter == body["items"][2]["breakdown"]
