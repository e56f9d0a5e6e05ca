"""Taking part in a mission: join and leave, choose or rank sub-missions, the manager's fair
assignment and coverage, and small teams. Views check permission, validate, call one service
and go back to the mission page (or render their own page)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from cocreate.core.errors import DomainError
from cocreate.core.http import require
from cocreate.core.middleware import organization_required

from .. import participation as services
from .. import teams as team_services
from ..models import SubMission, TeamMember
from ..rules import may_take_part
from .missions import _mission, agreement_first


def _back(mission):
    program = mission.program
    return redirect(reverse("missions:detail", args=[program.organization.slug, program.slug, mission.pk]))


def _take_part(request, program_slug, pk):
    program, mission = _mission(request, program_slug, pk, lead_to_agreement=True)
    if not may_take_part(request.user, mission):
        raise Http404
    return program, mission


def _refused(request, error: DomainError) -> None:
    messages.error(request, error.text)


@login_required
@organization_required
@agreement_first
@require_POST
def participation_join(request, organization_slug, program_slug, pk):
    _program, mission = _take_part(request, program_slug, pk)
    try:
        services.participation_join(mission, user=request.user)
        messages.success(request, _("You are taking part in this mission."))
    except DomainError as e:
        _refused(request, e)
    return _back(mission)


@login_required
@organization_required
@require_POST
def participation_leave(request, organization_slug, program_slug, pk):
    _program, mission = _mission(request, program_slug, pk)
    if services.participation_leave(mission, user=request.user):
        messages.success(request, _("You left this mission; your seat is free for someone else."))
    return _back(mission)


@login_required
@organization_required
@agreement_first
@require_POST
def sub_mission_choose(request, organization_slug, program_slug, pk):
    _program, mission = _take_part(request, program_slug, pk)
    require(request.user, "missions.choose_sub_mission", mission)
    sub = SubMission.objects.filter(mission=mission, pk=request.POST.get("sub_mission") or 0).first()
    if sub is None:
        raise Http404
    try:
        services.sub_mission_choose(mission, user=request.user, sub_mission=sub)
        messages.success(request, _("You are working on “%(title)s”.") % {"title": sub.title})
    except DomainError as e:
        _refused(request, e)
    return _back(mission)


class RankingForm(forms.Form):
    """One rank field per sub-mission; blank means "not ranked"."""

    def __init__(self, *args, sub_missions, ranking, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", gettext_lazy("Not ranked"))] + [(str(r), str(r)) for r in range(1, len(sub_missions) + 1)]
        current = {pk: r for r, pk in enumerate(ranking, start=1)}
        self.sub_missions = sub_missions
        for s in sub_missions:
            self.fields[f"rank_{s.pk}"] = forms.TypedChoiceField(
                label=s.title, choices=choices, coerce=int, empty_value=None, required=False,
                initial=current.get(s.pk))

    def clean(self):
        data = super().clean()
        ranked = [(data.get(f"rank_{s.pk}"), s.pk) for s in self.sub_missions if data.get(f"rank_{s.pk}")]
        ranks = [r for r, _pk in ranked]
        if len(set(ranks)) != len(ranks):
            raise forms.ValidationError(_("Give each sub-mission a different rank."), code="duplicate_rank")
        if not ranked:
            raise forms.ValidationError(_("Rank at least one sub-mission."), code="empty_ranking")
        data["ranking"] = [pk for _r, pk in sorted(ranked)]
        return data

    def rows(self):
        return [(s, self[f"rank_{s.pk}"]) for s in self.sub_missions]


@login_required
@organization_required
@agreement_first
def preferences(request, organization_slug, program_slug, pk):
    program, mission = _take_part(request, program_slug, pk)
    context = services.participation_context(request.user, mission)
    form = RankingForm(request.POST or None, sub_missions=context["sub_missions"],
                       ranking=[s.pk for s in context["ranking"]])
    if request.method == "POST" and form.is_valid():
        try:
            services.preferences_set(mission, user=request.user, ranking=form.cleaned_data["ranking"])
            messages.success(request, _("Your preferences are saved. You can change them until preferences close."))
            return _back(mission)
        except DomainError as e:
            form.add_error(None, e)
    return render(request, "missions/participation_preferences.html",
                  {**context, "form": form, "program": program, "organization": request.organization})


@login_required
@organization_required
@require_POST
def assignment_run(request, organization_slug, program_slug, pk):
    program, mission = _mission(request, program_slug, pk)
    require(request.user, "missions.change_mission", mission)
    seed = request.POST.get("seed", "").strip()
    try:
        result = services.assignment_run(mission, actor=request.user, seed=int(seed) if seed.isdigit() else None,
                                         force=bool(request.POST.get("force")))
        messages.success(request, _("Sub-missions assigned: %(placed)s placed, %(unassigned)s without a seat "
                                    "(seed %(seed)s).") % {"placed": len(result.choices) - result.unassigned,
                                                           "unassigned": result.unassigned, "seed": result.seed})
    except DomainError as e:
        _refused(request, e)
    return redirect(reverse("missions:coverage", args=[organization_slug, program_slug, mission.pk]))


@login_required
@organization_required
def coverage(request, organization_slug, program_slug, pk):
    program, mission = _mission(request, program_slug, pk)
    require(request.user, "missions.view_coverage", mission)
    return render(request, "missions/coverage.html", {
        "mission": mission, "program": program, "organization": request.organization,
        "coverage": services.mission_coverage(mission),
        "can_assign": request.user.has_perm("missions.change_mission", mission)
        and mission.assignment == "preference",
    })


# --- teams ----------------------------------------------------------------------------------

@login_required
@organization_required
@agreement_first
@require_POST
def team_create(request, organization_slug, program_slug, pk):
    _program, mission = _take_part(request, program_slug, pk)
    try:
        team = team_services.team_create(mission, user=request.user, name=request.POST.get("name", ""))
        messages.success(request, _("Team “%(name)s” created. Invite your teammates.") % {"name": team.name})
        return redirect(reverse("missions:team", args=[organization_slug, program_slug, mission.pk, team.pk]))
    except DomainError as e:
        _refused(request, e)
    return _back(mission)


class InviteForm(forms.Form):
    user = forms.TypedChoiceField(label=gettext_lazy("Person"), coerce=int)

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.people = {p.pk: p for p in people}
        self.fields["user"].choices = [("", "—")] + [(p.pk, p.display_name) for p in people]


@login_required
@organization_required
@agreement_first
def team_detail(request, organization_slug, program_slug, pk, team_pk):
    """The team's members and pending invitations; members invite here, invitees answer here
    (the notification links to the mission page, whose block links here too)."""
    program, mission = _mission(request, program_slug, pk, lead_to_agreement=True)
    team = team_services.team_for_user(request.user, mission, team_pk)
    is_member = request.user.has_perm("missions.manage_team", team)
    members = list(TeamMember.objects.filter(team=team).select_related("user").order_by("invited_at", "id"))
    mine = next((m for m in members if m.user_id == request.user.pk and m.state == "invited"), None)
    form = None
    if is_member:
        form = InviteForm(request.POST or None, people=team_services.invitable_people(team))
        if request.method == "POST" and form.is_valid():
            invitee = form.people.get(form.cleaned_data["user"])
            try:
                team_services.team_invite(team, actor=request.user, user=invitee)
                messages.success(request, _("%(person)s is invited.") % {"person": invitee.display_name})
                return redirect(request.path)
            except DomainError as e:
                form.add_error(None, e)
    elif request.method == "POST":
        raise Http404
    return render(request, "missions/team_detail.html", {
        "mission": mission, "program": program, "organization": request.organization, "team": team,
        "members": [m for m in members if m.state in ("accepted", "invited")], "invitation": mine,
        "is_member": is_member, "form": form,
    })


@login_required
@organization_required
@require_POST
def team_respond(request, organization_slug, program_slug, pk, team_pk):
    _program, mission = _mission(request, program_slug, pk)
    member = TeamMember.objects.filter(team__mission=mission, team_id=team_pk, user=request.user).first()
    if member is None or not (request.user.has_perm("missions.respond_team_invitation", member)
                              or member.state in ("accepted", "declined")):
        raise Http404
    accept = request.POST.get("accept") == "1"
    try:
        team_services.team_respond(member, user=request.user, accept=accept)
        messages.success(request, _("You joined the team.") if accept else _("You declined the invitation."))
    except DomainError as e:
        _refused(request, e)
    return _back(mission)


@login_required
@organization_required
@require_POST
def team_leave(request, organization_slug, program_slug, pk, team_pk):
    _program, mission = _mission(request, program_slug, pk)
    team = team_services.team_for_user(request.user, mission, team_pk)
    if team_services.team_leave(team, user=request.user):
        messages.success(request, _("You left the team “%(name)s”.") % {"name": team.name})
    return _back(mission)
