"""Co-solving / beta test missions: a defect or improvement report with steps, severity and
the environment it happened in."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .base import (
    Ability,
    ConfigForm,
    DetailsForm,
    MissionType,
    Problems,
    check_choice,
    check_text,
    register,
    share,
)

STEPS_LIMIT = 5000
RESULT_LIMIT = 5000
ENVIRONMENT_LIMIT = 200

REPORT_KINDS = [("defect", pgettext_lazy("report kind", "Defect")),
                ("improvement", pgettext_lazy("report kind", "Improvement"))]
SEVERITIES = [("blocker", pgettext_lazy("severity", "Blocker")), ("major", pgettext_lazy("severity", "Major")),
              ("minor", pgettext_lazy("severity", "Minor")), ("trivial", pgettext_lazy("severity", "Trivial"))]
ENVIRONMENT = [("device", _("Device")), ("os", _("Operating system")), ("version", _("App or product version"))]


def _labels():
    return {
        "kind": _("Kind of report"), "steps": _("Steps to reproduce"), "expected": _("Expected result"),
        "actual": _("Actual result"), "severity": _("Severity"), **dict(ENVIRONMENT),
    }


class CoSolvingForm(DetailsForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        labels = _labels()
        required_env = set(self.mission_type.effective_config(self.mission)["environment_required"])
        self.fields["kind"] = forms.ChoiceField(label=labels["kind"], choices=REPORT_KINDS, widget=forms.RadioSelect,
                                                required=not self.draft)
        self.fields["steps"] = forms.CharField(
            label=labels["steps"], max_length=STEPS_LIMIT, required=not self.draft,
            widget=forms.Textarea(attrs={"rows": 5}),
            help_text=_("One step per line, from the start, so that someone else can make it happen again."))
        self.fields["expected"] = forms.CharField(label=labels["expected"], max_length=RESULT_LIMIT, required=False,
                                                  widget=forms.Textarea(attrs={"rows": 3}))
        self.fields["actual"] = forms.CharField(label=labels["actual"], max_length=RESULT_LIMIT,
                                                required=not self.draft, widget=forms.Textarea(attrs={"rows": 3}))
        self.fields["severity"] = forms.ChoiceField(
            label=labels["severity"], choices=[("", "---------"), *SEVERITIES], required=not self.draft,
            help_text=_("Blocker: nothing works around it. Major: an important part fails. Minor: annoying but "
                        "usable. Trivial: cosmetic."))
        for key, label in ENVIRONMENT:
            self.fields[key] = forms.CharField(label=label, max_length=ENVIRONMENT_LIMIT,
                                               required=key in required_env and not self.draft)


class CoSolvingConfigForm(ConfigForm):
    environment_required = forms.MultipleChoiceField(
        label=_("Environment the reports must name"), choices=ENVIRONMENT, required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Ticked items are required in every report; the others are optional."))


@register
class CoSolving(MissionType):
    key = "co_solving"
    label = _("Co-solving / beta test")
    description = _("Partners try a product and report defects or improvements with steps to reproduce, "
                    "severity and their environment; others confirm them with “me too”.")
    submission_noun = pgettext_lazy("submission noun", "defect report")
    enables = frozenset({Ability.SUBMIT, Ability.COMMENT, Ability.SUPPORT})
    accepts_attachments = True
    attachment_kinds = frozenset({"image", "pdf"})
    review_template = "missions/types/co_solving_review.html"
    aggregate_template = "missions/types/co_solving_aggregate.html"

    def default_config(self):
        return {"environment_required": []}

    def config_form(self, data=None, initial=None, *, mission=None, **form_kwargs):
        return CoSolvingConfigForm(data, initial=initial, mission=mission, mission_type=self, **form_kwargs)

    def initial_config(self, mission):
        return {"environment_required": list(self.effective_config(mission)["environment_required"])}

    def clean_config(self, config, *, previous=None, has_submissions=False):
        problems = Problems()
        given = (config or {}).get("environment_required") or []
        if isinstance(given, str):
            given = [given]
        keys = [k for k, _label in ENVIRONMENT]
        for value in given:
            if value not in keys:
                problems.add(_("“%(value)s” is not a part of the environment (device, os, version)."),
                             "not_an_environment_field", "environment_required", value=value)
        problems.raise_if_any()
        return {"environment_required": [k for k in keys if k in given]}

    def details_form(self, mission, data=None, initial=None, *, draft=False, **form_kwargs):
        return CoSolvingForm(data, initial={"kind": "defect", **(initial or {})}, mission=mission,
                             mission_type=self, draft=draft, **form_kwargs)

    def clean_details(self, mission, details, *, draft=False):
        details = details or {}
        labels = _labels()
        required_env = set(self.effective_config(mission)["environment_required"])
        p = Problems()
        clean = {
            "kind": check_choice(p, details.get("kind"), field="kind", label=labels["kind"],
                                 choices=[k for k, _label in REPORT_KINDS], required=True, draft=draft),
            "steps": check_text(p, details.get("steps"), field="steps", label=labels["steps"], limit=STEPS_LIMIT,
                                required=True, draft=draft),
            "expected": check_text(p, details.get("expected"), field="expected", label=labels["expected"],
                                   limit=RESULT_LIMIT, required=False, draft=draft),
            "actual": check_text(p, details.get("actual"), field="actual", label=labels["actual"],
                                 limit=RESULT_LIMIT, required=True, draft=draft),
            "severity": check_choice(p, details.get("severity"), field="severity", label=labels["severity"],
                                     choices=[k for k, _label in SEVERITIES], required=True, draft=draft),
        }
        for key, label in ENVIRONMENT:
            clean[key] = check_text(p, details.get(key), field=key, label=label, limit=ENVIRONMENT_LIMIT,
                                    required=key in required_env, draft=draft)
        p.raise_if_any()
        return clean

    def summary(self, mission, details):
        details = details or {}
        labels = _labels()
        kinds, severities = dict(REPORT_KINDS), dict(SEVERITIES)
        rows = []
        for key in ["kind", "severity", "steps", "expected", "actual", "device", "os", "version"]:
            value = details.get(key)
            if not value:
                continue
            if key == "kind":
                value = kinds.get(value, value)
            elif key == "severity":
                value = severities.get(value, value)
            rows.append((str(labels[key]), str(value)))
        return rows

    def review_context(self, mission, idea):
        details = idea.details or {}
        return {"severity": details.get("severity", ""),
                "severity_label": dict(SEVERITIES).get(details.get("severity"), ""),
                "report_kind_label": dict(REPORT_KINDS).get(details.get("kind"), "")}

    def aggregate(self, mission, details_list):
        n = len(details_list)

        def counts(key, choices):
            return [{"value": value, "label": label, "count": c, "share": share(c, n)}
                    for value, label in choices
                    for c in [sum(1 for d in details_list if (d or {}).get(key) == value)]]

        return {"n": n, "by_severity": counts("severity", SEVERITIES), "by_kind": counts("kind", REPORT_KINDS)}
