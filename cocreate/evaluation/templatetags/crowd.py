"""Crowd-vote pieces on the idea page: the 0-5 rating box and the person's own support status
(a held support is explained kindly)."""

from django import template

register = template.Library()


@register.inclusion_tag("evaluation/_crowd_rating.html", takes_context=True)
def crowd_rating(context, idea):
    """The rating box, when the idea's program takes its crowd vote from ratings."""
    from ..views.crowd import rating_box_context

    request = context.get("request")
    user = getattr(request, "user", None)
    return rating_box_context(request, user, context.get("organization") or idea.organization, idea)


@register.simple_tag(takes_context=True)
def my_support_status(context, idea) -> str:
    """``counted``, ``held``, ``excluded`` or "" for the signed-in person's support of ``idea``."""
    from cocreate.ideas.models import Support

    request = context.get("request")
    user = getattr(request, "user", None)
    if not getattr(user, "is_authenticated", False) or idea.state == "draft":
        return ""
    return Support.objects.filter(idea=idea, user=user).values_list("status", flat=True).first() or ""
