from datetime import date, datetime, time, timedelta

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


TOKEN_LIFETIMES = (30, 90, 365)  # days a new token may live, as offered on the page and the API
TOKEN_DEFAULT_LIFETIME = 90
TOKEN_MAX_LIFETIME = 365


def api_token_expiry(*, days: int | None = None, on: date | None = None, now: datetime | None = None) -> datetime:
    """When a new token stops working: ``days`` from now, or at the end of the day ``on`` (in
    the site's time zone); 90 days when neither is given. At most a year ahead, so no token
    lives forever."""
    now = now or timezone.now()
    if days is not None and on is not None:
        raise DomainError(_("Choose either a number of days or a date for the token to expire, not both."),
                          code="expiry_ambiguous")
    if on is None:
        days = TOKEN_DEFAULT_LIFETIME if days is None else days
        if days not in TOKEN_LIFETIMES:
            raise DomainError(_("A token lives 30, 90 or 365 days, or until a date you choose."),
                              code="expiry_invalid")
        return now + timedelta(days=days)
    today = timezone.localdate(now)
    if not today < on <= today + timedelta(days=TOKEN_MAX_LIFETIME):
        raise DomainError(_("Choose an expiry date after today and at most a year ahead."), code="expiry_invalid")
    end_of_day = datetime.combine(on + timedelta(days=1), time.min)
    return timezone.make_aware(end_of_day, timezone.get_current_timezone())


def api_token_create(user: User, *, name: str, expires_in_days: int | None = None, expires_on: date | None = None,
                     read_only: bool = False) -> tuple[ApiToken, str]:
    """A new token; the secret is returned once and only its hash is kept. It expires as
    ``api_token_expiry`` decides; a ``read_only`` token can only read."""
    name = (name or "").strip()
    if not name:
        raise DomainError(_("Name the token so you can recognise it later."), code="name_required")
    expires_at = api_token_expiry(days=expires_in_days, on=expires_on)
    secret = ApiToken.new_secret()
    with transaction.atomic():
        token = ApiToken.objects.create(user=user, name=name[:100], prefix=secret[3:11],
                                        digest=ApiToken.hash(secret), expires_at=expires_at,
                                        read_only=read_only)
        audit_record(actor=user, verb="api_token.created", target=token, organization=None,
                     data={"expires_at": expires_at.isoformat(), "read_only": read_only})
    return token, secret


def api_token_revoke(token: ApiToken, *, actor) -> None:
    with transaction.atomic():
        audit_record(actor=actor, verb="api_token.revoked", target=token, organization=None)
        token.delete()


def api_token_find(secret: str) -> ApiToken | None:
    """The token a secret belongs to, with its user, if the user is active; expired tokens
    too, so that the caller can say why it refuses one (``ApiToken.is_expired``)."""
    if not secret or not secret.startswith("cc_"):
        return None
    token = ApiToken.objects.filter(digest=ApiToken.hash(secret)).select_related("user").first()
    if token is None or not token.user.is_active:
        return None
    return token


def api_token_touch(token: ApiToken) -> None:
    """Note the token's use, at most once a minute (a write per request would be waste)."""
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now


def api_token_authenticate(secret: str) -> User | None:
    """The user of a valid, unexpired token (its scope is the caller's to check)."""
    token = api_token_find(secret)
    if token is None or token.is_expired():
        return None
    api_token_touch(token)
    return token.user
