"""A program's results: ranking with each idea's breakdown and formula, judges' agreement per
criterion (Krippendorff's alpha) and the ideas flagged for a second look."""

from ninja import Query, Router

from cocreate.core.api import PageParams, answers, organization_scope, require
from cocreate.programs.selectors import program_for_user

from .. import reliability
from ..results import program_results
from ..schemas import BreakdownOut, CriterionAgreementOut, ProgramResultsOut, ResultRowOut

router = Router(tags=["evaluation"])


@router.get("/organizations/{slug}/programs/{program_slug}/results",
            response=answers({200: ProgramResultsOut}, 401, 404))
def results(request, slug: str, program_slug: str, params: Query[PageParams]):
    """Every submitted idea ranked by its final score, blended exactly as the agreement publishes
    (leniency correction, participants' vote), a page at a time. Program managers, executives
    and judges; 404 for anyone else."""
    with organization_scope(request, slug) as org:
        program = program_for_user(request.user, org, program_slug)
        require(request.user, "evaluation.view_results", program)
        r = program_results(program, request.user)
        alpha = {a.criterion.pk: a for a in r.agreement_per_criterion}
        criteria = []
        for c in (r.agreement.criteria.all() if r.agreement else []):
            a = alpha.get(c.pk)
            criteria.append(CriterionAgreementOut(
                id=c.pk, name=c.name, weight=c.weight, scale_max=c.scale_max, is_crowd_vote=c.is_crowd_vote,
                alpha=a.alpha if a else None, alpha_level=a.level if a else None,
                alpha_reading=a.reading if a else None, flagged=a.flagged if a else 0))
        rows = r.rows[params.offset: params.offset + params.limit]
        return ProgramResultsOut(
            program=program.slug, agreement_version=r.agreement.version if r.agreement else None,
            leniency=r.agreement.leniency if r.agreement else None,
            crowd_source=r.agreement.crowd_source if r.has_crowd else None,
            criteria=criteria, held_votes=r.held_votes, second_look=[row.idea.pk for row in r.second_look],
            disagreement_spread=reliability.DISAGREEMENT_SPREAD,
            count=len(r.rows), limit=params.limit, offset=params.offset,
            items=[ResultRowOut(rank=row.rank, idea_id=row.idea.pk, title=row.idea.title, state=row.idea.state,
                                breakdown=BreakdownOut.of(row.breakdown)) for row in rows],
        )
