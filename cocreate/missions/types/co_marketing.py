"""Co-marketing missions: content partners make and publish (a text, an image, a post with its
link). A schedule such as 4320 SYD's "one post every hour for three days" is a deliverable per
post, each answered by one submission."""

from datetime import UTC, datetime

from django import forms
from django.utils import timezone
from django.utils.dateparse import parse_datetime
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
    check_url,
    local_datetime_text,
    mission_zone,
    register,
    share,
    text_value,
)

TEXT_LIMIT = 5000
CHANNEL_LIMIT = 50
MAX_CHANNELS = 20
# The settings' text: every channel at its longest on a line of its own, with as much again for
# spaces and blank lines, so no list the settings accept is refused for its length.
CHANNELS_TEXT_LIMIT = 2 * MAX_CHANNELS * (CHANNEL_LIMIT + 1)
# An ISO date and time as a datetime-local input sends it (2026-05-01T09:30, seconds optional).
PUBLISHED_AT_LIMIT = 32
DEFAULT_CHANNELS = ["Instagram", "Facebook", "X", "YouTube", "Blog"]
CONTENT_KINDS = [("text", pgettext_lazy("content kind", "Text")), ("image", pgettext_lazy("content kind", "Image")),
                 ("post", pgettext_lazy("content kind", "Post with a link"))]


def _labels():
    return {"content_kind": _("Kind of content"), "channel": _("Channel"), "post_url": _("Link to the post"),
            "text": _("Text"), "published_at": _("Published at")}


class CoMarketingForm(DetailsForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        labels = _labels()
        config = self.mission_type.effective_config(self.mission)
        required = not self.draft
        self.fields["content_kind"] = forms.ChoiceField(label=labels["content_kind"], choices=CONTENT_KINDS,
                                                        widget=forms.RadioSelect, required=required)
        self.fields["channel"] = forms.ChoiceField(
            label=labels["channel"], choices=[("", "---------")] + [(c, c) for c in config["channels"]],
            required=required)
        self.fields["post_url"] = forms.CharField(
            label=labels["post_url"], max_length=500, required=required and config["link_required"],
            widget=forms.URLInput(attrs={"placeholder": "https://"}),
            help_text=_("Required for a post: the address of the published post, starting with https://."))
        self.fields["text"] = forms.CharField(
            label=labels["text"], max_length=TEXT_LIMIT, required=False, widget=forms.Textarea(attrs={"rows": 5}),
            help_text=_("Required for text content; a caption otherwise."))
        # Text, not a DateTimeField: that one reads the time in the reader's zone, while the
        # mission's zone is the one told to participants (clean_details reads it so).
        self.fields["published_at"] = forms.CharField(
            label=labels["published_at"], required=False, max_length=PUBLISHED_AT_LIMIT,
            widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            help_text=_("When it went (or goes) online, in the mission's time zone (%(zone)s).")
            % {"zone": mission_zone(self.mission).key})


class CoMarketingConfigForm(ConfigForm):
    channels = forms.CharField(
        label=_("Channels"), max_length=CHANNELS_TEXT_LIMIT, widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One channel per line, e.g. Instagram, Facebook, X, YouTube, Blog."))
    link_required = forms.BooleanField(label=_("Every submission needs a link to the published post"),
                                       required=False)

    def to_config(self, cleaned):
        return {"channels": [line.strip() for line in (cleaned.get("channels") or "").splitlines() if line.strip()],
                "link_required": bool(cleaned.get("link_required"))}


@register
class CoMarketing(MissionType):
    key = "co_marketing"
    label = _("Co-marketing")
    description = _("Partners make and publish content (texts, images, posts with links), often on a schedule "
                    "such as one post every hour.")
    submission_noun = pgettext_lazy("submission noun", "post")
    enables = frozenset({Ability.SUBMIT, Ability.COMMENT, Ability.SUPPORT})
    accepts_attachments = True
    attachment_kinds = frozenset({"image"})
    review_template = "missions/types/co_marketing_review.html"
    aggregate_template = "missions/types/co_marketing_aggregate.html"

    def attachment_required(self, details):
        return (details or {}).get("content_kind") == "image"

    def default_config(self):
        return {"channels": list(DEFAULT_CHANNELS), "link_required": False}

    def config_form(self, data=None, initial=None, *, mission=None, **form_kwargs):
        return CoMarketingConfigForm(data, initial=initial, mission=mission, mission_type=self, **form_kwargs)

    def initial_config(self, mission):
        config = self.effective_config(mission)
        return {"channels": "\n".join(config["channels"]), "link_required": config["link_required"]}

    def clean_config(self, config, *, previous=None, has_submissions=False):
        config = config or {}
        p = Problems()
        given = config.get("channels")
        if given is None:
            given = list(DEFAULT_CHANNELS)
        if isinstance(given, str):
            given = given.splitlines()
        channels, seen = [], set()
        for raw in given:
            name = text_value(raw)
            if not name:
                continue
            if len(name) > CHANNEL_LIMIT:
                p.add(_("A channel's name can be at most %(limit)s characters long: “%(value)s”."),
                      "channel_too_long", "channels", limit=CHANNEL_LIMIT, value=name)
            if name.casefold() in seen:
                p.add(_("“%(value)s” is listed twice."), "channel_repeated", "channels", value=name)
                continue
            seen.add(name.casefold())
            channels.append(name)
        if not channels:
            p.add(_("List at least one channel."), "channels_required", "channels")
        if len(channels) > MAX_CHANNELS:
            p.add(_("List at most %(limit)s channels."), "too_many_channels", "channels", limit=MAX_CHANNELS)
        p.raise_if_any()
        return {"channels": channels, "link_required": bool(config.get("link_required"))}

    def details_form(self, mission, data=None, initial=None, *, draft=False, **form_kwargs):
        initial = {"content_kind": "post", **(initial or {})}
        if isinstance(initial.get("published_at"), str):
            parsed = parse_datetime(initial["published_at"])
            initial["published_at"] = timezone.localtime(parsed, mission_zone(mission)) if parsed else None
        return CoMarketingForm(data, initial=initial, mission=mission, mission_type=self, draft=draft, **form_kwargs)

    def clean_details(self, mission, details, *, draft=False):
        details = details or {}
        labels = _labels()
        config = self.effective_config(mission)
        p = Problems()
        kind = check_choice(p, details.get("content_kind"), field="content_kind", label=labels["content_kind"],
                            choices=[k for k, _label in CONTENT_KINDS], required=True, draft=draft)
        clean = {
            "content_kind": kind,
            "channel": check_choice(p, details.get("channel"), field="channel", label=labels["channel"],
                                    choices=config["channels"], required=True, draft=draft),
            "post_url": check_url(p, details.get("post_url"), field="post_url", label=labels["post_url"],
                                  required=kind == "post" or config["link_required"], draft=draft),
            "text": check_text(p, details.get("text"), field="text", label=labels["text"], limit=TEXT_LIMIT,
                               required=kind == "text", draft=draft),
            "published_at": self._published_at(p, details.get("published_at"), mission),
        }
        p.raise_if_any()
        return clean

    @staticmethod
    def _published_at(p: Problems, value, mission) -> str:
        """An ISO 8601 instant in UTC; a time without a zone is read in the mission's zone."""
        if value in (None, ""):
            return ""
        moment = value if isinstance(value, datetime) else parse_datetime(str(value).strip())
        if moment is None:
            p.add(_("“%(field_label)s”: “%(value)s” is not a date and time."), "not_a_datetime", "published_at",
                  field_label=_labels()["published_at"], value=str(value))
            return ""
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment, mission_zone(mission))
        return moment.astimezone(UTC).isoformat()

    def summary(self, mission, details):
        details = details or {}
        labels = _labels()
        rows = []
        for key in ["content_kind", "channel", "post_url", "text", "published_at"]:
            value = details.get(key)
            if not value:
                continue
            if key == "content_kind":
                value = dict(CONTENT_KINDS).get(value, value)
            elif key == "published_at":
                moment = parse_datetime(value)
                value = local_datetime_text(moment, mission_zone(mission)) if moment else value
            rows.append((str(labels[key]), str(value)))
        return rows

    def review_context(self, mission, idea):
        details = idea.details or {}
        moment = parse_datetime(details.get("published_at") or "")
        return {"post_url": details.get("post_url", ""), "text": details.get("text", ""),
                "channel": details.get("channel", ""),
                "content_kind_label": dict(CONTENT_KINDS).get(details.get("content_kind"), ""),
                "published_at": local_datetime_text(moment, mission_zone(mission)) if moment else ""}

    def aggregate(self, mission, details_list):
        n = len(details_list)
        channels = list(self.effective_config(mission)["channels"])
        for d in details_list:
            if (d or {}).get("channel") and d["channel"] not in channels:
                channels.append(d["channel"])
        by_channel = [{"label": c, "count": k, "share": share(k, n)}
                      for c in channels for k in [sum(1 for d in details_list if (d or {}).get("channel") == c)]]
        by_kind = [{"value": v, "label": label, "count": k, "share": share(k, n)}
                   for v, label in CONTENT_KINDS
                   for k in [sum(1 for d in details_list if (d or {}).get("content_kind") == v)]]
        return {"n": n, "by_channel": by_channel, "by_kind": by_kind}
