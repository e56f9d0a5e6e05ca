"""Links made from what people typed."""

from urllib.parse import urlsplit

from django import template

register = template.Library()


@register.filter
def web_link(value) -> str:
    """``value`` if it is an http(s) address, else "": a template links a stored address only
    through this, so a ``javascript:`` or ``data:`` URL that got past the forms (an import, an
    older version, the database) is shown as text and never becomes a live link."""
    text = str(value or "").strip()
    if any(ord(ch) < 32 for ch in text):
        return ""
    try:
        scheme = urlsplit(text).scheme.lower()
    except ValueError:
        return ""
    return text if scheme in ("http", "https") else ""
