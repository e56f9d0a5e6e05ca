"""R4 in a real browser, in Korean and English: an executive works through the board (every
idea, the new ones marked, opened and so looked at), stages a rejection with the
organization's reasons and an acceptance, and releases them together; the rejected author
reads why, in their language, beside the breakdown and its formula, and appeals once; a
different executive upholds with an explanation that the author then reads as final.

The Coca-Cola pattern runs underneath: four criteria at 25 % each, the fourth the
participants' vote computed from supports, never scored by judges."""

import re

import pytest

from cocreate.evaluation.services import scores_submit
from cocreate.ideas.enums import IdeaState
from cocreate.ideas.models import Support
from cocreate.realization.models import Appeal, Decision, RejectionReason
from tests import factories as f
from tests.browser.helpers import T, lab_speaking, log_in
from tests.evaluation.factories import mission_idea

pytestmark = pytest.mark.django_db(transaction=True)

MESSAGES = ["Executive board", "Record the decision", "Staged decisions", "Not taken forward this time",
            "Why", "Appeal", "Send my appeal", "Record the final result", "This result is final.",
            ("appeal", "Uphold the decision"), "How this score is computed"]


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_an_executive_works_through_the_board(browser, live_server, lang):
    lab = lab_speaking(lang, MESSAGES)
    org = lab.org
    vote = lab.criteria[3]
    vote.is_crowd_vote = True  # Coca-Cola: the participants' vote is a quarter of the score
    vote.save(update_fields=["is_crowd_vote"])
    second = f.UserFactory(name="Second executive", language=lang)
    f.MembershipFactory(organization=org, user=second, role="executive")
    reason = RejectionReason.objects.create(
        organization=org, text_en="Too close to a product already planned",
        text_ko="이미 계획된 제품과 너무 비슷합니다")
    judge = lab.users["judge"]
    weak = mission_idea(lab, title="Glitter cans", author=f.UserFactory(name="Author", language=lang))
    f.PartnerFactory(program=lab.program, user=weak.author)
    f.AcceptanceFactory(agreement=lab.agreement, user=weak.author)
    strong = mission_idea(lab, title="Refill stations at gyms")
    scores_submit(weak, judge=judge, values={c.pk: 3 for c in lab.criteria[:3]})
    scores_submit(strong, judge=judge, values={c.pk: 8 for c in lab.criteria[:3]})
    for _ in range(2):
        Support.objects.create(idea=strong, user=f.UserFactory())
    Support.objects.create(idea=weak, user=f.UserFactory())

    # 1. Every idea is on the board; opening one records the executive's first look.
    executive = log_in(browser, live_server, lab.users["executive"], lang)
    executive.goto(f"/o/{org.slug}/board/")
    for idea in (weak, strong):
        assert executive.get_by_role("link", name=idea.title).first.is_visible()
    executive.goto(f"/o/{org.slug}/ideas/{weak.pk}/")
    weak.refresh_from_db()
    assert weak.first_seen_by == lab.users["executive"]

    # 2. A rejection with the organization's reason, the executive's words and the criterion
    # concerned, staged for the round; then an acceptance, staged too.
    executive.goto(f"/o/{org.slug}/ideas/{weak.pk}/decide/")
    executive.check("input[name=kind][value=reject]")
    executive.check(f"input[name=reasons][value='{reason.pk}']")
    executive.check(f"input[name=criteria][value='{lab.criteria[0].pk}']")
    executive.fill("textarea[name=reason]", "Glitter is hard to recycle; we would love a refill angle.")
    assert executive.is_checked("input[name=stage]")
    executive.get_by_role("button", name=T(lang, "Record the decision")).click()
    executive.wait_for_load_state()
    executive.goto(f"/o/{org.slug}/ideas/{strong.pk}/decide/")
    executive.check("input[name=kind][value=accept]")
    executive.select_option("select[name=department]", str(lab.department.pk))
    executive.get_by_role("button", name=T(lang, "Record the decision")).click()
    executive.wait_for_load_state()
    assert Decision.objects.filter(released_at__isnull=True).count() == 2
    weak.refresh_from_db()
    assert weak.state == IdeaState.SUBMITTED or weak.state == IdeaState.IN_EVALUATION

    # 3. Both are released together.
    executive.goto(f"/o/{org.slug}/decisions/staged/")
    executive.locator("form[action$='/decisions/release/'] button[type=submit]").click()
    executive.wait_for_load_state()
    weak.refresh_from_db()
    strong.refresh_from_db()
    assert (weak.state, strong.state) == (IdeaState.REJECTED, IdeaState.ACCEPTED)

    # 4. The author reads why, in their language, and the score's formula; then appeals.
    author = log_in(browser, live_server, weak.author, lang)
    author.goto(f"/o/{org.slug}/ideas/{weak.pk}/")
    decision = author.locator("#decision")
    assert decision.get_by_role("heading", name=T(lang, "Not taken forward this time")).is_visible()
    assert decision.get_by_text(reason.text_ko if lang == "ko" else reason.text_en).is_visible()
    assert decision.get_by_text("Glitter is hard to recycle", exact=False).is_visible()
    assert author.get_by_text(T(lang, "How this score is computed")).first.is_visible()
    decision.get_by_role("link", name=T(lang, "Appeal"), exact=True).click()
    author.fill("textarea[name=grounds]", "The cans are aluminium and fully recyclable; glitter is optional.")
    author.get_by_role("button", name=T(lang, "Send my appeal")).click()
    author.wait_for_url(re.compile(r"/appeals/\d+/"))
    appeal = Appeal.objects.get(idea=weak)
    assert appeal.reviewer == second  # never the executive who decided

    # 5. The other executive upholds, with an explanation; the author reads it as final.
    reviewer = log_in(browser, live_server, second, lang)
    reviewer.goto(f"/o/{org.slug}/appeals/{appeal.pk}/")
    reviewer.check("input[name=result][value=uphold]")
    reviewer.fill("textarea[name=explanation]", "We checked: the refill line already covers aluminium cans.")
    reviewer.get_by_role("button", name=T(lang, "Record the final result")).click()
    reviewer.wait_for_load_state()
    appeal.refresh_from_db()
    assert appeal.status == "upheld"
    author.goto(f"/o/{org.slug}/appeals/{appeal.pk}/")
    assert author.get_by_text(T(lang, "This result is final.")).is_visible()
    assert author.get_by_text("refill line already covers", exact=False).is_visible()

    for page in (executive, author, reviewer):
        assert page.js_errors == []
        page.context.close()
