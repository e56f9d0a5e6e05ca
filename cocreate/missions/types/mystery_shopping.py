"""Mystery shopping missions: a visit report rating a checklist (staff, attitude, atmosphere by
default) with improvement proposals. Only the author and staff see the reports.

Checklist items carry stable keys, so ratings stay with their item when a manager renames it;
once reports exist an item can no longer be removed nor its scale changed."""

import re
from datetime import date

from django import forms
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.formats import date_format
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from .base import (
    Ability,
    ConfigForm,
    DetailsForm,
    MissionType,
    Problems,
    as_int,
    check_text,
    give_keys,
    mission_zone,
    refuse_breaking_change,
    register,
    share,
    text_value,
)

LOCATION_LIMIT = 200
COMMENT_LIMIT = 1000
IMPROVEMENTS_MIN = 20
IMPROVEMENTS_LIMIT = 5000
LABEL_LIMIT = 200
MAX_ITEMS = 30
# The checklist's text: every item at its longest ("[key] label | 0-10", a key of up to 40
# characters), with as much again for spaces and blank lines.
CHECKLIST_TEXT_LIMIT = 2 * MAX_ITEMS * (LABEL_LIMIT + 60)
SCALE_LOWEST, SCALE_HIGHEST = 0, 10
KEY_RE = re.compile(r"^[a-z0-9_]{1,40}$")
LINE_RE = re.compile(r"^(?:\[(?P<key>[^\]]*)\]\s*)?(?P<label>[^|]*?)\s*(?:\|\s*(?P<scale>.*?)\s*)?$")
SCALE_RE = re.compile(r"^(?P<min>\d+)\s*[-–~]\s*(?P<max>\d+)$")


def _labels():
    return {"visit_date": _("Date of the visit"), "location": _("Store or location"),
            "improvements": _("Improvement proposals")}


def parse_checklist(text: str) -> list[dict]:
    """Checklist lines as a manager types them: ``Label``, ``Label | 1-5`` or, as the form
    shows saved items, ``[key] Label | 1-5`` (the key keeps the item's reports when the label
    changes). Raises DomainError naming each line that cannot be read."""
    p = Problems()
    items = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        match = LINE_RE.match(line.strip())
        scale = SCALE_RE.match(match["scale"]) if match["scale"] is not None else None
        if match["scale"] is not None and not scale:
            p.add(_("Line %(line)s: write the scale as lowest-highest, e.g. “%(label)s | 1-5”."), "scale_unreadable",
                  "checklist", line=number, label=match["label"] or gettext("Staff"))
            continue
        item = {"key": (match["key"] or "").strip(), "label": match["label"].strip()}
        if scale:
            item.update(min=int(scale["min"]), max=int(scale["max"]))
        items.append(item)
    p.raise_if_any()
    return items


def checklist_text(checklist: list[dict]) -> str:
    return "\n".join(f"[{i['key']}] {i['label']} | {i['min']}-{i['max']}" for i in checklist)


class MysteryShoppingForm(DetailsForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        labels = _labels()
        required = not self.draft
        self.checklist = self.mission_type.effective_config(self.mission)["checklist"]
        today = timezone.localdate(timezone=mission_zone(self.mission))
        self.fields["visit_date"] = forms.DateField(
            label=labels["visit_date"], required=required,
            widget=forms.DateInput(attrs={"type": "date", "max": today.isoformat()}, format="%Y-%m-%d"))
        self.fields["location"] = forms.CharField(label=labels["location"], max_length=LOCATION_LIMIT,
                                                  required=required)
        for item in self.checklist:
            self.fields[f"rating_{item['key']}"] = forms.TypedChoiceField(
                label=item["label"], coerce=int, required=required, widget=forms.RadioSelect,
                choices=[(v, str(v)) for v in range(item["min"], item["max"] + 1)],
                help_text=_("From %(min)s (poor) to %(max)s (excellent).") % {"min": item["min"], "max": item["max"]})
            self.fields[f"comment_{item['key']}"] = forms.CharField(
                label=_("Comment on “%(item)s”") % {"item": item["label"]}, max_length=COMMENT_LIMIT,
                required=False, widget=forms.Textarea(attrs={"rows": 2}))
        self.fields["improvements"] = forms.CharField(
            label=labels["improvements"], max_length=IMPROVEMENTS_LIMIT, required=required,
            widget=forms.Textarea(attrs={"rows": 5}),
            help_text=_("What should change, and how? At least %(min)s characters.") % {"min": IMPROVEMENTS_MIN})

    def to_details(self, cleaned):
        keys = [item["key"] for item in self.checklist]
        return {
            "visit_date": cleaned.get("visit_date"), "location": cleaned.get("location"),
            "ratings": {k: cleaned.get(f"rating_{k}") for k in keys if cleaned.get(f"rating_{k}") not in (None, "")},
            "comments": {k: cleaned.get(f"comment_{k}") or "" for k in keys},
            "improvements": cleaned.get("improvements"),
        }


class MysteryShoppingConfigForm(ConfigForm):
    checklist = forms.CharField(
        label=_("Checklist"), max_length=CHECKLIST_TEXT_LIMIT, widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("One item per line, with its scale after a bar: “Staff | 1-5”. Without a scale an item is "
                    "rated from 1 to 5. Keep the [key] in front of a saved item when you rename it, so its "
                    "ratings stay with it."))

    def to_config(self, cleaned):
        return {"checklist": parse_checklist(cleaned.get("checklist") or "")}


@register
class MysteryShopping(MissionType):
    key = "mystery_shopping"
    label = _("Mystery shopping")
    description = _("Partners visit a store incognito, rate it against a checklist (staff, attitude, "
                    "atmosphere) and propose improvements; only staff read the reports.")
    submission_noun = pgettext_lazy("submission noun", "visit report")
    enables = frozenset({Ability.SUBMIT})
    peers_see_submissions = False
    review_template = "missions/types/mystery_shopping_review.html"
    aggregate_template = "missions/types/mystery_shopping_aggregate.html"

    def default_config(self):
        return {"checklist": [
            {"key": "staff", "label": gettext("Staff"), "min": 1, "max": 5},
            {"key": "attitude", "label": gettext("Attitude"), "min": 1, "max": 5},
            {"key": "atmosphere", "label": gettext("Atmosphere"), "min": 1, "max": 5},
        ]}

    def config_form(self, data=None, initial=None, *, mission=None, **form_kwargs):
        return MysteryShoppingConfigForm(data, initial=initial, mission=mission, mission_type=self, **form_kwargs)

    def initial_config(self, mission):
        return {"checklist": checklist_text(self.effective_config(mission)["checklist"])}

    def clean_config(self, config, *, previous=None, has_submissions=False):
        given = (config or {}).get("checklist")
        if isinstance(given, str):
            given = parse_checklist(given)
        previous_items = (previous or {}).get("checklist") or []
        by_label = {text_value(i.get("label")).casefold(): i.get("key") for i in previous_items}
        p = Problems()
        items, keys, labels = [], set(), set()
        for raw in given or []:
            raw = raw if isinstance(raw, dict) else {"label": raw}
            label = text_value(raw.get("label"))
            if not label:
                p.add(_("Every checklist item needs a label."), "label_required", "checklist")
                continue
            if len(label) > LABEL_LIMIT:
                p.add(_("“%(item)s”: a label can be at most %(limit)s characters long."), "label_too_long",
                      "checklist", item=label[:40], limit=LABEL_LIMIT)
            low, high = as_int(raw.get("min", 1)), as_int(raw.get("max", 5))
            if low is None or high is None or not (SCALE_LOWEST <= low < high <= SCALE_HIGHEST):
                p.add(_("“%(item)s”: the scale runs from a lowest to a higher highest rating, within %(a)s–%(b)s."),
                      "bad_scale", "checklist", item=label, a=SCALE_LOWEST, b=SCALE_HIGHEST)
            key = text_value(raw.get("key")) or by_label.get(label.casefold()) or ""
            if key and not KEY_RE.match(key):
                p.add(_("“%(item)s”: the key “%(key)s” may hold only small letters, digits and _."), "bad_key",
                      "checklist", item=label, key=key)
            if key and key in keys:
                p.add(_("The key “%(key)s” is used twice."), "key_repeated", "checklist", key=key)
            if label.casefold() in labels:
                p.add(_("“%(item)s” is listed twice."), "label_repeated", "checklist", item=label)
            keys.add(key)
            labels.add(label.casefold())
            items.append({"key": key, "label": label, "min": low, "max": high})
        if not items and not p:
            p.add(_("The checklist needs at least one item."), "checklist_required", "checklist")
        if len(items) > MAX_ITEMS:
            p.add(_("The checklist can have at most %(limit)s items."), "too_many_items", "checklist",
                  limit=MAX_ITEMS)
        p.raise_if_any()
        give_keys(items, taken={i["key"] for i in items} | {i.get("key") for i in previous_items}, prefix="item_")
        return refuse_breaking_change(self, previous, {"checklist": items}, has_submissions=has_submissions)

    def config_change_problems(self, old, new):
        new_items = {i["key"]: i for i in (new or {}).get("checklist") or []}
        problems = Problems()
        for item in (old or {}).get("checklist") or []:
            now = new_items.get(item.get("key"))
            if now is None:
                problems.add(_("“%(item)s” cannot be removed: visit reports already rate it."), "item_removed",
                             "checklist", item=item.get("label"))
            elif (now["min"], now["max"]) != (item.get("min"), item.get("max")):
                problems.add(_("The scale of “%(item)s” cannot change from %(old)s to %(new)s: visit reports already "
                               "use it."), "scale_changed", "checklist", item=item.get("label"),
                             old=f"{item.get('min')}–{item.get('max')}", new=f"{now['min']}–{now['max']}")
        return problems.errors

    def details_form(self, mission, data=None, initial=None, *, draft=False, **form_kwargs):
        details = initial or {}
        flat = {"visit_date": details.get("visit_date"), "location": details.get("location"),
                "improvements": details.get("improvements")}
        flat.update({f"rating_{k}": v for k, v in (details.get("ratings") or {}).items()})
        flat.update({f"comment_{k}": v for k, v in (details.get("comments") or {}).items()})
        flat = {k: v for k, v in flat.items() if v not in (None, "")}
        return MysteryShoppingForm(data, initial=flat, mission=mission, mission_type=self, draft=draft,
                                   **form_kwargs)

    def clean_details(self, mission, details, *, draft=False):
        details = details or {}
        labels = _labels()
        p = Problems()
        clean = {"visit_date": self._visit_date(p, details.get("visit_date"), mission, draft)}
        clean["location"] = check_text(p, details.get("location"), field="location", label=labels["location"],
                                       limit=LOCATION_LIMIT, required=True, draft=draft)
        ratings, comments = details.get("ratings") or {}, details.get("comments") or {}
        clean["ratings"], clean["comments"] = {}, {}
        for item in self.effective_config(mission)["checklist"]:
            key = item["key"]
            value = ratings.get(key) if isinstance(ratings, dict) else None
            if value in (None, ""):
                if not draft:
                    p.add(_("Rate “%(item)s”."), "rating_required", f"rating_{key}", item=item["label"])
            else:
                number = as_int(value)
                if number is None or not (item["min"] <= number <= item["max"]):
                    p.add(_("“%(item)s”: give a rating from %(min)s to %(max)s."), "rating_out_of_range",
                          f"rating_{key}", item=item["label"], min=item["min"], max=item["max"])
                else:
                    clean["ratings"][key] = number
            comment = text_value(comments.get(key) if isinstance(comments, dict) else "")
            if len(comment) > COMMENT_LIMIT:
                p.add(_("The comment on “%(item)s” can be at most %(limit)s characters long (now %(length)s)."),
                      "too_long", f"comment_{key}", item=item["label"], limit=COMMENT_LIMIT, length=len(comment))
            if comment:
                clean["comments"][key] = comment
        improvements = check_text(p, details.get("improvements"), field="improvements", label=labels["improvements"],
                                  limit=IMPROVEMENTS_LIMIT, required=True, draft=draft)
        if improvements and not draft and len(improvements) < IMPROVEMENTS_MIN:
            p.add(_("Describe the improvements in at least %(min)s characters (now %(length)s)."),
                  "improvements_too_short", "improvements", min=IMPROVEMENTS_MIN, length=len(improvements))
        clean["improvements"] = improvements
        p.raise_if_any()
        return clean

    @staticmethod
    def _visit_date(p: Problems, value, mission, draft: bool) -> str:
        label = _labels()["visit_date"]
        if value in (None, ""):
            if not draft:
                p.add(_("“%(field_label)s” is required."), "required", "visit_date", field_label=label)
            return ""
        day = value if isinstance(value, date) else parse_date(str(value).strip()) if _is_date(value) else None
        if day is None:
            p.add(_("“%(field_label)s”: “%(value)s” is not a date."), "not_a_date", "visit_date", field_label=label,
                  value=str(value))
            return ""
        if day > timezone.localdate(timezone=mission_zone(mission)):
            p.add(_("The visit cannot be in the future."), "visit_in_future", "visit_date")
        return day.isoformat()

    def summary(self, mission, details):
        details = details or {}
        labels = _labels()
        rows = []
        if details.get("visit_date"):
            rows.append((str(labels["visit_date"]), date_format(date.fromisoformat(details["visit_date"]),
                                                                "SHORT_DATE_FORMAT")))
        if details.get("location"):
            rows.append((str(labels["location"]), details["location"]))
        for r in self._ratings(mission, details):
            if r["value"] is None:
                continue
            value = f"{r['value']} / {r['max']}"
            rows.append((r["label"], f"{value} — {r['comment']}" if r["comment"] else value))
        if details.get("improvements"):
            rows.append((str(labels["improvements"]), details["improvements"]))
        return rows

    def _ratings(self, mission, details):
        ratings, comments = details.get("ratings") or {}, details.get("comments") or {}
        rows = []
        for item in self.effective_config(mission)["checklist"]:
            value = ratings.get(item["key"])
            rows.append({"key": item["key"], "label": item["label"], "min": item["min"], "max": item["max"],
                         "value": value, "comment": comments.get(item["key"], ""),
                         "share": share(value - item["min"], item["max"] - item["min"]) if value is not None else 0})
        return rows

    def review_context(self, mission, idea):
        details = idea.details or {}
        visit = details.get("visit_date")
        return {"ratings": self._ratings(mission, details), "location": details.get("location", ""),
                "visit_date": date.fromisoformat(visit) if visit else None,
                "improvements": details.get("improvements", "")}

    def aggregate(self, mission, details_list):
        items = []
        for item in self.effective_config(mission)["checklist"]:
            values = [v for d in details_list
                      if isinstance(v := ((d or {}).get("ratings") or {}).get(item["key"]), int)]
            n = len(values)
            items.append({
                "key": item["key"], "label": item["label"], "min": item["min"], "max": item["max"], "n": n,
                "mean": round(sum(values) / n, 2) if n else None,
                "mean_share": share(sum(values) / n - item["min"], item["max"] - item["min"]) if n else 0,
                "distribution": [{"value": v, "count": c, "share": share(c, n)}
                                 for v in range(item["min"], item["max"] + 1) for c in [values.count(v)]],
            })
        return {"n": len(details_list), "items": items}


def _is_date(value) -> bool:
    try:
        return parse_date(str(value).strip()) is not None
    except ValueError:
        return False

