import zoneinfo
from datetime import timedelta

from django import forms
from django.conf import settings
from django.forms import formset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cocreate.core.limits import LONG_TEXT, TEXT

from .enums import AssignmentMode, LatePolicy, Visibility
from .models import Deliverable, Mission
from .submissions import submission_timing
from .types import DEFAULT_KIND, registered
from .types.base import local_datetime_text, mission_zone


def _label(name):
    return Mission._meta.get_field(name).verbose_name


def _datetime_input():
    return forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def _zone_choices():
    return [(z, z) for z in sorted(zoneinfo.available_timezones())]


def _kind_choices():
    return [(t.key, f"{t.label}: {t.description}" if t.description else t.label) for t in registered()]


def in_zone(value, zone_name):
    """An aware datetime as the naive wall-clock time of the mission's zone (for datetime-local)."""
    if value is None:
        return None
    return timezone.localtime(value, zoneinfo.ZoneInfo(zone_name)).replace(tzinfo=None)


DATETIME_FIELDS = ("starts_at", "ends_at", "choose_until")


class MissionForm(forms.Form):
    """A plain form, not a ModelForm: missions.services validates everything with translated
    messages. Dates are typed in the mission's time zone."""

    kind = forms.ChoiceField(label=_label("kind"), choices=_kind_choices, initial=DEFAULT_KIND,
                             help_text=_("The type cannot change once submissions exist."))
    title = forms.CharField(label=_label("title"), max_length=200)
    brief = forms.CharField(label=_label("brief"), max_length=LONG_TEXT, widget=forms.Textarea(attrs={"rows": 5}),
                            help_text=_("What the partners should work on, and why."))
    wanted_ideas = forms.CharField(label=_label("wanted_ideas"), required=False, max_length=LONG_TEXT,
                                   widget=forms.Textarea(attrs={"rows": 3}),
                                   help_text=_("The kind of ideas you hope to receive."))
    not_wanted = forms.CharField(label=_label("not_wanted"), required=False, max_length=LONG_TEXT,
                                 widget=forms.Textarea(attrs={"rows": 3}))
    time_zone = forms.ChoiceField(label=_label("time_zone"), choices=_zone_choices, initial=settings.TIME_ZONE,
                                  help_text=_("Opening and closing times are entered and shown in this zone."))
    starts_at = forms.DateTimeField(label=_label("starts_at"), widget=_datetime_input())
    ends_at = forms.DateTimeField(label=_label("ends_at"), widget=_datetime_input())
    visibility = forms.ChoiceField(label=_label("visibility"), choices=Visibility, initial=Visibility.CONFIDENTIAL)
    capacity = forms.IntegerField(label=_label("capacity"), required=False, min_value=1,
                                  help_text=_("Leave empty for no limit."))
    late_policy = forms.ChoiceField(label=_label("late_policy"), choices=LatePolicy, initial=LatePolicy.REFUSE)
    grace_minutes = forms.IntegerField(label=_label("grace_minutes"), required=False, min_value=0, initial=0)
    assignment = forms.ChoiceField(label=_label("assignment"), choices=AssignmentMode,
                                   initial=AssignmentMode.FIRST_COME)
    choose_until = forms.DateTimeField(label=_label("choose_until"), required=False, widget=_datetime_input())
    team_size_max = forms.IntegerField(label=_label("team_size_max"), min_value=1, max_value=20, initial=1,
                                       required=False)

    def __init__(self, *args, kind_locked: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if kind_locked:
            # missions.services refuses the change too; the form says why before anyone tries.
            self.fields["kind"].disabled = True
            self.fields["kind"].help_text = _("Submissions were already received, so the type can no longer "
                                              "change: their details follow this type.")

    def clean(self):
        cleaned = super().clean()
        zone_name = cleaned.get("time_zone")
        if zone_name:
            zone = zoneinfo.ZoneInfo(zone_name)
            for name in DATETIME_FIELDS:
                if cleaned.get(name) is not None:
                    cleaned[name] = cleaned[name].replace(tzinfo=None).replace(tzinfo=zone)
        if cleaned.get("team_size_max") is None and "team_size_max" not in self.errors:
            cleaned["team_size_max"] = 1
        if cleaned.get("grace_minutes") is None:
            cleaned["grace_minutes"] = 0
        return cleaned


def mission_initial(mission: Mission) -> dict:
    initial = {name: getattr(mission, name) for name in MissionForm.base_fields}
    for name in DATETIME_FIELDS:
        initial[name] = in_zone(initial[name], mission.time_zone)
    return initial


class TaskForm(forms.Form):
    title = forms.CharField(label=_("Task"), max_length=200)
    description = forms.CharField(label=_("Description"), required=False, max_length=TEXT,
                                  widget=forms.Textarea(attrs={"rows": 2}))


TaskFormSet = formset_factory(TaskForm, extra=2, can_delete=True, max_num=50, validate_max=True)


def tasks_initial(mission: Mission) -> list[dict]:
    return [{"title": t.title, "description": t.description} for t in mission.tasks.all()]


def tasks_from(formset) -> list[dict]:
    return [
        {"title": form.cleaned_data["title"], "description": form.cleaned_data.get("description", "")}
        for form in formset.forms if form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]


class DeliverableForm(forms.Form):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    title = forms.CharField(label=_("Deliverable"), max_length=200)
    description = forms.CharField(label=_("Description"), required=False, max_length=TEXT,
                                  widget=forms.Textarea(attrs={"rows": 2}))
    due_at = forms.DateTimeField(label=_("Due"), widget=_datetime_input())


class SubMissionForm(forms.Form):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    title = forms.CharField(label=_("Sub-mission"), max_length=200)
    description = forms.CharField(label=_("Description"), required=False, max_length=TEXT,
                                  widget=forms.Textarea(attrs={"rows": 2}))
    capacity = forms.IntegerField(label=_("Capacity"), required=False, min_value=1,
                                  help_text=_("Leave empty for no limit."))


DeliverableFormSet = formset_factory(DeliverableForm, extra=1, can_delete=True, max_num=500, validate_max=True)
SubMissionFormSet = formset_factory(SubMissionForm, extra=3, can_delete=True, max_num=50, validate_max=True)


class ScheduleForm(forms.Form):
    """Repeated deliverables: "first due at, every N hours/minutes, count times, title with {n}"
    (4320 SYD: a post every hour for three days = 72 deliverables)."""

    first_due = forms.DateTimeField(label=_("First due at"), required=False, widget=_datetime_input())
    every = forms.IntegerField(label=_("Every"), required=False, min_value=1)
    unit = forms.ChoiceField(label=_("Unit"), choices=[("hours", _("hours")), ("minutes", _("minutes"))],
                             initial="hours", required=False)
    count = forms.IntegerField(label=_("How many"), required=False, min_value=1, max_value=500)
    title_pattern = forms.CharField(label=_("Title"), required=False, max_length=180, initial=_("Post {n}"),
                                    help_text=_("{n} is replaced by the number of the deliverable."))

    def clean(self):
        cleaned = super().clean()
        given = [cleaned.get(f) for f in ("first_due", "every", "count")]
        if any(given) and not all(given):
            raise forms.ValidationError(_("Give the first due time, the interval and how many, or none of them."))
        return cleaned

    def rows(self, zone) -> list[dict]:
        c = self.cleaned_data
        if not c.get("first_due"):
            return []
        first = c["first_due"].replace(tzinfo=None).replace(tzinfo=zone)
        step = timedelta(**{c.get("unit") or "hours": c["every"]})
        pattern = c.get("title_pattern") or "{n}"
        return [{"title": pattern.replace("{n}", str(n + 1)), "description": "", "due_at": first + step * n}
                for n in range(c["count"])]


def deliverables_initial(mission: Mission) -> list[dict]:
    return [{"id": d.pk, "title": d.title, "description": d.description, "due_at": in_zone(d.due_at, mission.time_zone)}
            for d in mission.deliverables.all()]


def sub_missions_initial(mission: Mission) -> list[dict]:
    return [{"id": s.pk, "title": s.title, "description": s.description, "capacity": s.capacity}
            for s in mission.sub_missions.all()]


def rows_from(formset, zone=None) -> list[dict]:
    rows = []
    for form in formset.forms:
        c = form.cleaned_data
        if not c or c.get("DELETE"):
            continue
        row = {k: v for k, v in c.items() if k != "DELETE"}
        if zone is not None and row.get("due_at") is not None:
            row["due_at"] = row["due_at"].replace(tzinfo=None).replace(tzinfo=zone)
        rows.append(row)
    return rows


class SubmissionForm(forms.Form):
    """The common part of every submission; the type's own fields come in a second form."""

    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(label=_("Description"), required=False, max_length=LONG_TEXT,
                           widget=forms.Textarea(attrs={"rows": 8}))
    deliverable = forms.ModelChoiceField(label=_("Deliverable"), queryset=Deliverable.objects.none(),
                                         required=False, empty_label=_("None in particular"))
    team = forms.ModelChoiceField(label=_("Submit as"), queryset=None, required=False,
                                  empty_label=_("Myself alone"))
    client_key = forms.CharField(widget=forms.HiddenInput(attrs={"data-autosave-keep": ""}), required=False,
                                 max_length=64)

    def __init__(self, *args, mission, team=None, now=None, **kwargs):
        super().__init__(*args, **kwargs)
        zone = mission_zone(mission)
        now = now or timezone.now()
        # Offered: the deliverables that still take work. Accepted back: any of the mission's,
        # so that one whose deadline passed while the participant typed reaches the late
        # policy (which keeps the text as a draft and says why) instead of a bare form error.
        deliverables = [d for d in mission.deliverables.all()
                        if self.is_bound or submission_timing(mission, d, now=now).allowed
                        or d.pk == self.initial.get("deliverable")]
        self.fields["deliverable"].queryset = Deliverable.objects.filter(pk__in=[d.pk for d in deliverables])
        self.fields["deliverable"].label_from_instance = lambda d: _("%(title)s (due %(date)s)") % {
            "title": d.title, "date": local_datetime_text(d.due_at, zone)}
        if not deliverables:
            del self.fields["deliverable"]
        if team is None:
            del self.fields["team"]
        else:
            self.fields["team"].queryset = type(team).objects.filter(pk=team.pk)
        self.fields["body"].widget.attrs["required"] = True  # a draft button carries formnovalidate
