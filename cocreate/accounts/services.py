from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cocreate.core.errors import DomainError
from cocreate.core.services import audit_record

from .models import ApiToken, User

PROFILE_FIELDS = ("name", "language", "birth_year", "gender", "region", "interests", "expertise", "languages",
                  "follower_count", "social_links", "community_roles")


def profile_update(user: User, **values) -> User:
    unknown = set(values) - set(PROFILE_FIELDS)
    if unknown:
        raise TypeError(f"unknown profile fields: {sorted(unknown)}")
    year = values.get("birth_year")
    if year is not None and not 1900 <= int(year) <= timezone.now().year:
        raise DomainError(_("Enter a real birth year."), code="birth_year")
    changed = [f for f, v in values.items() if getattr(user, f) != v]
    for f in changed:
        setattr(user, f, values[f])
    if changed:
        user.save(update_fields=changed)
    return user


def api_token_create(user: User, *, name: str) -> tuple[ApiToken, str]:
    """A new token; the secret is returned once and only its hash is kept."""
    name = (name or "").strip()
    if not name:
        raise DomainError(_("Name the token so you can recognise it later."), code="name_required")
    secret = ApiToken.new_secret()
    with transaction.atomic():
        token = ApiToken.objects.create(user=user, name=name[:100], prefix=secret[3:11],
                                        digest=ApiToken.hash(secret))
        audit_record(actor=user, verb="api_token.created", target=token, organization=None)
    return token, secret


def api_token_revoke(token: ApiToken, *, actor) -> None:
    with transaction.atomic():
        audit_record(actor=actor, verb="api_token.revoked", target=token, organization=None)
        token.delete()


def api_token_authenticate(secret: str) -> User | None:
    if not secret or not secret.startswith("cc_"):
        return None
    token = ApiToken.objects.filter(digest=ApiToken.hash(secret)).select_related("user").first()
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
