"""Co-development missions: an idea or a design proposal (Threadless-style contests)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .base import Ability, DetailsForm, MissionType, Problems, check_text, check_url, register

PROBLEM_LIMIT = 2000
CUSTOMER_LIMIT = 500


class CoDevelopmentForm(DetailsForm):
    problem = forms.CharField(
        label=_("Problem it solves"), required=False, max_length=PROBLEM_LIMIT,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Whose problem, and what is hard for them today."))
    target_customer = forms.CharField(
        label=_("Target customer"), required=False, max_length=CUSTOMER_LIMIT,
        help_text=_("Who would use or buy it."))
    video_url = forms.CharField(
        label=_("Video link"), required=False, max_length=500,
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
        help_text=_("A link to a video that shows the idea, starting with http:// or https://."))


@register
class CoDevelopment(MissionType):
    key = "co_development"
    label = _("Co-development")
    description = _("Partners propose ideas or designs for a product; others comment, support, "
                    "compare them in pairs and say whether they would buy them.")
    submission_noun = pgettext_lazy("submission noun", "design proposal")
    enables = frozenset({Ability.SUBMIT, Ability.COMMENT, Ability.SUPPORT, Ability.PAIRWISE,
                         Ability.PURCHASE_INTENT})
    accepts_attachments = True
    attachment_kinds = frozenset({"image", "pdf"})
    review_template = "missions/types/co_development_review.html"

    def details_form(self, mission, data=None, initial=None, *, draft=False, **form_kwargs):
        return CoDevelopmentForm(data, initial=dict(initial or {}), mission=mission, mission_type=self,
                                 draft=draft, **form_kwargs)

    def clean_details(self, mission, details, *, draft=False):
        details = details or {}
        problems = Problems()
        clean = {
            "problem": check_text(problems, details.get("problem"), field="problem", label=_("Problem it solves"),
                                  limit=PROBLEM_LIMIT, required=False, draft=draft),
            "target_customer": check_text(problems, details.get("target_customer"), field="target_customer",
                                          label=_("Target customer"), limit=CUSTOMER_LIMIT, required=False,
                                          draft=draft),
            "video_url": check_url(problems, details.get("video_url"), field="video_url", label=_("Video link"),
                                   required=False, draft=draft),
        }
        problems.raise_if_any()
        return clean

    def summary(self, mission, details):
        details = details or {}
        rows = [(_("Problem it solves"), details.get("problem")),
                (_("Target customer"), details.get("target_customer")),
                (_("Video link"), details.get("video_url"))]
        return [(str(label), value) for label, value in rows if value]
