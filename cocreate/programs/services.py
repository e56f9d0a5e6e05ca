"""Writes on programs, their agreements and their cohorts."""

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from cocreate.core.errors import DomainError
from cocreate.core.services import audit_record
from cocreate.notifications.services import notify

from .enums import AgreementStatus, CrowdSource, Leniency, Stage
from .models import Agreement, AgreementAcceptance, Criterion, Partner, Program

PROGRAM_FIELDS = ("title", "goal", "scope", "is_pilot", "is_public", "status") + tuple(
    f"{s.value}_{edge}" for s in Stage for edge in ("starts", "ends")
)
# Vote integrity (evaluation.integrity): who may support, rate or vote pairwise in the program.
PROGRAM_FIELDS += ("vote_min_account_age_days", "vote_requires_verified_email")


def _validate_timeline(values: dict) -> None:
    previous_end, previous_label = None, None
    for stage in Stage:
        starts, ends = values.get(f"{stage.value}_starts"), values.get(f"{stage.value}_ends")
        if starts and ends and ends < starts:
            raise DomainError(_("%(stage)s ends before it starts."), params={"stage": stage.label},
                              code="stage_dates")
        if starts and previous_end and starts < previous_end:
            raise DomainError(
                _("%(stage)s starts before %(previous)s ends."),
                params={"stage": stage.label, "previous": previous_label}, code="stage_order",
            )
        if ends:
            previous_end, previous_label = ends, stage.label


# Path segments under /programs/ that are pages, not programs.
RESERVED_SLUGS = frozenset({"new"})


def _unique_slug(organization, title: str) -> str:
    base = slugify(title, allow_unicode=False)[:50] or "program"
    if base in RESERVED_SLUGS:
        base = f"{base}-program"
    slug, n = base, 1
    while Program.objects.filter(organization=organization, slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def program_create(*, organization, actor, **values) -> Program:
    """A new program in draft unless a status is given; dates of the 5R stages must follow
    each other."""
    unknown = set(values) - set(PROGRAM_FIELDS) - {"slug"}
    if unknown:
        raise TypeError(f"unknown program fields: {sorted(unknown)}")
    if not (values.get("title") or "").strip():
        raise DomainError(_("Give the program a title."), code="title_required")
    if not (values.get("goal") or "").strip():
        raise DomainError(_("State the program's goal."), code="goal_required")
    _validate_timeline(values)
    with transaction.atomic():
        values.setdefault("slug", _unique_slug(organization, values["title"]))
        program = Program.objects.create(organization=organization, **values)
        audit_record(actor=actor, verb="program.created", target=program)
    return program


def program_update(program: Program, *, actor, **values) -> Program:
    unknown = set(values) - set(PROGRAM_FIELDS)
    if unknown:
        raise TypeError(f"unknown program fields: {sorted(unknown)}")
    merged = {f: getattr(program, f) for f in PROGRAM_FIELDS} | values
    _validate_timeline(merged)
    changed = [f for f, v in values.items() if getattr(program, f) != v]
    if not changed:
        return program
    with transaction.atomic():
        for f in changed:
            setattr(program, f, values[f])
        program.save(update_fields=changed)
        audit_record(actor=actor, verb="program.updated", target=program, data={"fields": changed})
    return program


def partner_add(program: Program, *, user, actor, application=None) -> Partner:
    """Add a person to the cohort; adding someone twice returns the existing partner."""
    existing = Partner.objects.filter(program=program, user=user).first()
    if existing:
        return existing
    with transaction.atomic():
        partner = Partner.objects.create(program=program, user=user, application=application)
        audit_record(actor=actor, verb="partner.added", target=partner,
                     organization=program.organization, data={"user": user.pk})
        # Every partner joins the organization's standing pool (BMW's co-creation lab model),
        # in the same transaction, without a signal. pool imports programs (partner_add is
        # how an accepted pool invitation joins the cohort), so this import stays local to
        # keep programs free of a module-level dependency on pool.
        from cocreate.pool.services import pool_add

        pool_add(program.organization, user, actor=actor, source_program=program)
    return partner


AGREEMENT_TEXT_FIELDS = ("evaluators", "method", "ip_ownership", "confidentiality", "result_consent",
                         "rejection_process", "data_use")
CRITERION_FIELDS = ("name", "description", "weight", "scale_max", "is_crowd_vote")
# How the evaluation is computed, set by the manager beside the texts; leniency and crowd_source
# change how the final score is computed, so changing them is material (as changing criteria).
EVALUATION_FIELDS = ("leniency", "crowd_source", "min_judges", "comments_to_author")
MATERIAL_EVALUATION_FIELDS = ("leniency", "crowd_source")


def _criteria_key(criteria) -> list[tuple]:
    """What makes two versions' criteria the same for the evaluation: names, weights, scales
    and the crowd-vote mark, in order. Descriptions may be reworded."""
    return [(c.name, c.weight, c.scale_max, c.is_crowd_vote) for c in criteria]


def _evaluation_key(agreement) -> tuple:
    return tuple(getattr(agreement, f) for f in MATERIAL_EVALUATION_FIELDS)


def _clean_evaluation(values: dict) -> dict:
    """The evaluation settings given, checked; raises DomainError on a value the agreement cannot use."""
    out = {}
    if values.get("leniency") is not None:
        if values["leniency"] not in Leniency.values:
            raise DomainError(_("Choose a leniency correction from the list."), code="leniency")
        out["leniency"] = values["leniency"]
    if values.get("crowd_source") is not None:
        if values["crowd_source"] not in CrowdSource.values:
            raise DomainError(_("Choose where the participants' vote comes from."), code="crowd_source")
        out["crowd_source"] = values["crowd_source"]
    if values.get("min_judges") is not None:
        if not 1 <= int(values["min_judges"]) <= 20:
            raise DomainError(_("Each idea needs between 1 and 20 judges."), code="min_judges")
        out["min_judges"] = int(values["min_judges"])
    if values.get("comments_to_author") is not None:
        out["comments_to_author"] = bool(values["comments_to_author"])
    return out


def program_has_submissions(program: Program) -> bool:
    """Whether ideas were already submitted to the program (anything past draft): from then on
    the criteria they are judged on may change only by a new, announced, material version."""
    return program.ideas.exclude(state="draft").exists()


def agreement_draft(program: Program, *, actor) -> Agreement:
    """The draft to edit: the open one if any, else a new version copied from the version in
    force, so a change never rewrites what partners already accepted."""
    draft = Agreement.objects.filter(program=program, status=AgreementStatus.DRAFT).first()
    if draft:
        return draft
    with transaction.atomic():
        source = (
            Agreement.objects.filter(program=program, status=AgreementStatus.PUBLISHED)
            .prefetch_related("criteria").first()
        )
        version = (Agreement.objects.filter(program=program).aggregate(v=Max("version"))["v"] or 0) + 1
        draft = Agreement.objects.create(
            program=program, version=version,
            **({f: getattr(source, f) for f in AGREEMENT_TEXT_FIELDS} if source else
               {f: "" for f in AGREEMENT_TEXT_FIELDS}),
            **({f: getattr(source, f) for f in EVALUATION_FIELDS} if source else {}),
        )
        if source:
            Criterion.objects.bulk_create(
                Criterion(agreement=draft, name=c.name, description=c.description, weight=c.weight,
                          scale_max=c.scale_max, is_crowd_vote=c.is_crowd_vote, order=c.order)
                for c in source.criteria.all()
            )
        audit_record(actor=actor, verb="agreement.drafted", target=draft,
                     organization=program.organization, data={"version": version})
    return draft


def agreement_update(
    agreement: Agreement, *, actor, criteria: list[dict] | None = None, is_material: bool | None = None,
    **texts,
) -> Agreement:
    """Change a draft's texts, its evaluation settings (leniency, crowd_source, min_judges,
    comments_to_author; None keeps one), whether it is a material change and, when given,
    replace its criteria (name, description, weight, scale_max, is_crowd_vote). Weights are
    checked on publishing, so a manager can save halfway."""
    if agreement.status != AgreementStatus.DRAFT:
        raise DomainError(_("A published agreement cannot be changed; edit a new version."), code="not_draft")
    unknown = set(texts) - set(AGREEMENT_TEXT_FIELDS) - set(EVALUATION_FIELDS)
    if unknown:
        raise TypeError(f"unknown agreement fields: {sorted(unknown)}")
    evaluation = _clean_evaluation({f: texts.pop(f) for f in EVALUATION_FIELDS if f in texts})
    with transaction.atomic():
        for f, v in texts.items():
            setattr(agreement, f, (v or "").strip())
        for f, v in evaluation.items():
            setattr(agreement, f, v)
        fields = list(texts) + list(evaluation)
        if is_material is not None:
            agreement.is_material = bool(is_material)
            fields.append("is_material")
        if fields:
            agreement.save(update_fields=fields)
        if criteria is not None:
            names = [(c.get("name") or "").strip() for c in criteria]
            if any(not n for n in names):
                raise DomainError(_("Every criterion needs a name."), code="criterion_name")
            if len(set(names)) != len(names):
                raise DomainError(_("Two criteria have the same name."), code="criterion_duplicate")
            for c in criteria:
                if not 1 <= int(c.get("weight") or 0) <= 100:
                    raise DomainError(_("Each weight must be between 1 and 100."), code="weight_range")
            agreement.criteria.all().delete()
            Criterion.objects.bulk_create(
                Criterion(agreement=agreement, name=n, description=(c.get("description") or "").strip(),
                          weight=int(c["weight"]), scale_max=int(c.get("scale_max") or 10),
                          is_crowd_vote=bool(c.get("is_crowd_vote")), order=i)
                for i, (n, c) in enumerate(zip(names, criteria, strict=True))
            )
        audit_record(actor=actor, verb="agreement.updated", target=agreement,
                     organization=agreement.program.organization)
    return agreement


def agreement_publish(agreement: Agreement, *, actor) -> Agreement:
    """Publish a draft after checking it is complete and its weights sum to 100; the version
    it replaces is kept as superseded.

    A material version asks every partner to accept again and tells them. A version marked
    not material (a typo fixed) must keep the criteria exactly as they were; each acceptance
    of the version it replaces is carried forward as a new acceptance row that names the one
    it came from, and the carrying is audited. Changed criteria are always material, so once
    ideas were submitted the criteria they are judged on never change silently."""
    if agreement.status != AgreementStatus.DRAFT:
        raise DomainError(_("Only a draft can be published."), code="not_draft")
    missing = [Agreement._meta.get_field(f).verbose_name for f in AGREEMENT_TEXT_FIELDS[:4]
               if not getattr(agreement, f).strip()]
    if missing:
        raise DomainError(_("Fill in: %(fields)s."), params={"fields": ", ".join(str(m) for m in missing)},
                          code="incomplete")
    criteria = list(agreement.criteria.all())
    weights = [c.weight for c in criteria]
    if not weights:
        raise DomainError(_("Add at least one evaluation criterion."), code="no_criteria")
    if sum(weights) != 100:
        raise DomainError(_("The criteria weights add up to %(total)s; they must add up to 100."),
                          params={"total": sum(weights)}, code="weights_sum")
    program = agreement.program
    previous = (Agreement.objects.filter(program=program, status=AgreementStatus.PUBLISHED)
                .prefetch_related("criteria").first())
    criteria_changed = previous is None or _criteria_key(previous.criteria.all()) != _criteria_key(criteria)
    method_changed = previous is not None and _evaluation_key(previous) != _evaluation_key(agreement)
    if not agreement.is_material:
        if previous is None:
            raise DomainError(_("The first version of the agreement is always accepted by every partner; "
                                "mark it as a material change."), code="first_not_material")
        if criteria_changed:
            raise DomainError(_("The evaluation criteria changed, so this is a material change: every "
                                "partner must accept it again."), code="criteria_material")
        if method_changed:
            raise DomainError(_("How the final score is computed changed (leniency correction or the source of "
                                "the participants' vote), so this is a material change: every partner must "
                                "accept it again."), code="method_material")
    with transaction.atomic():
        Agreement.objects.filter(program=program, status=AgreementStatus.PUBLISHED).update(
            status=AgreementStatus.SUPERSEDED
        )
        agreement.status, agreement.published_at = AgreementStatus.PUBLISHED, timezone.now()
        agreement.save(update_fields=["status", "published_at"])
        audit_record(actor=actor, verb="agreement.published", target=agreement,
                     organization=program.organization,
                     data={"version": agreement.version, "material": agreement.is_material,
                           "criteria_changed": previous is not None and criteria_changed,
                           "with_submissions": program_has_submissions(program)})
        if previous is not None:
            # Scores point at criteria rows; the new version's identical criteria (same name
            # and scale) take them over, so judging done so far is neither lost nor doubled.
            # evaluation depends on programs, hence the local import (as partner_add's pool).
            from cocreate.evaluation.services import scores_follow_criteria

            new_by_key = {(c.name, c.scale_max): c.pk for c in criteria}
            moved = scores_follow_criteria({
                c.pk: new_by_key[(c.name, c.scale_max)] for c in previous.criteria.all()
                if (c.name, c.scale_max) in new_by_key
            })
            if moved:
                audit_record(actor=actor, verb="agreement.scores_carried", target=agreement,
                             organization=program.organization,
                             data={"version": agreement.version, "from_version": previous.version,
                                   "scores": moved})
        url = reverse("programs:agreement", args=[program.organization.slug, program.slug])
        if agreement.is_material:
            # Every partner must (re)accept before seeing confidential missions again, and so must
            # everyone else who accepted the last version to take part in a public mission: tell them.
            partners = Partner.objects.filter(program=program).values("user")
            accepted = (AgreementAcceptance.objects.filter(agreement=previous).values("user")
                        if previous is not None else AgreementAcceptance.objects.none().values("user"))
            notify(list(get_user_model().objects.filter(Q(pk__in=partners) | Q(pk__in=accepted)).order_by("pk")),
                   "agreement_published", params={"program": program.title, "version": agreement.version},
                   url=url)
        else:
            carried = AgreementAcceptance.objects.bulk_create(
                AgreementAcceptance(agreement=agreement, user_id=a.user_id, version=agreement.version,
                                    carried_from=a)
                for a in AgreementAcceptance.objects.filter(agreement=previous).order_by("id")
            )
            audit_record(actor=actor, verb="agreement.acceptances_carried", target=agreement,
                         organization=program.organization,
                         data={"version": agreement.version, "from_version": previous.version,
                               "users": sorted(a.user_id for a in carried)})
            # Not material, yet announced: nothing about the agreement changes silently.
            notify(list(get_user_model().objects.filter(pk__in={a.user_id for a in carried}).order_by("pk")),
                   "agreement_updated", params={"program": program.title, "version": agreement.version},
                   url=url)
    program.__dict__.pop("_cocreate_agreement", None)
    return agreement


def agreement_save(program: Program, *, actor, criteria: list[dict] | None = None, publish: bool = False,
                   is_material: bool | None = None, **texts) -> Agreement:
    """What the manager's agreement page does in one step: open (or reuse) the draft, write the
    texts and criteria into it and, when asked, publish it. The draft is committed before
    publishing is tried, so a refusal (weights that do not add up to 100, a missing text)
    loses nothing the manager wrote."""
    with transaction.atomic():
        draft = agreement_draft(program, actor=actor)
        agreement_update(draft, actor=actor, criteria=criteria, is_material=is_material, **texts)
    if publish:
        agreement_publish(draft, actor=actor)
    return draft


def agreement_accept(agreement: Agreement, *, user) -> AgreementAcceptance:
    """Record a person's acceptance of this exact version; accepting twice is a no-op. Partners
    accept it, and so may anyone else while the program has a public or pool mission, since
    taking part in one means agreeing to the same terms (the view checks who may see it)."""
    from cocreate.missions.models import Mission

    if agreement.status != AgreementStatus.PUBLISHED:
        raise DomainError(_("This version of the agreement is no longer in force."), code="not_published")
    if (not Partner.objects.filter(program=agreement.program, user=user).exists()
            and not Mission.objects.filter(program=agreement.program, visibility__in=["public", "pool"]).exists()):
        raise DomainError(_("Only the program's partners accept its agreement."), code="not_partner")
    existing = AgreementAcceptance.objects.filter(agreement=agreement, user=user).first()
    if existing:
        return existing
    try:
        with transaction.atomic():
            acceptance = AgreementAcceptance.objects.create(agreement=agreement, user=user,
                                                            version=agreement.version)
            audit_record(actor=user, verb="agreement.accepted", target=agreement,
                         organization=agreement.program.organization, data={"version": agreement.version})
    except IntegrityError:
        return AgreementAcceptance.objects.get(agreement=agreement, user=user)
    user.__dict__.pop("_cocreate_accepted", None)
    return acceptance


def program_url(program: Program) -> str:
    return reverse("programs:detail", args=[program.organization.slug, program.slug])


