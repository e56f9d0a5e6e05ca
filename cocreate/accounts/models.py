"""People. There are no usernames: an account is its email address.

The profile fields are the ones recruiting asks about (who someone is, what they can do, how
far their voice carries); applications copy them into a snapshot when submitted."""

import hashlib
import secrets
from datetime import datetime

from django.contrib.auth.base_user import BaseUserManager
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .enums import Gender, Language

# Where deleted accounts' addresses go: .invalid is reserved (RFC 2606) and never delivers.
DELETED_EMAIL_DOMAIN = "deleted.invalid"


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("an email address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("email address"), unique=True)
    name = models.CharField(_("name"), max_length=100, blank=True)
    language = models.CharField(_("language"), max_length=8, choices=Language, default=Language.KOREAN)
    birth_year = models.PositiveSmallIntegerField(_("birth year"), null=True, blank=True)
    gender = models.CharField(_("gender"), max_length=16, choices=Gender, default=Gender.UNDISCLOSED)
    region = models.CharField(_("region"), max_length=100, blank=True)
    interests = models.CharField(_("interests"), max_length=500, blank=True,
                                 help_text=_("Comma-separated, for example: grooming, music, design"))
    expertise = models.TextField(_("expertise"), blank=True)
    languages = models.CharField(_("languages spoken"), max_length=200, blank=True,
                                 help_text=_("Comma-separated, for example: Korean, English"))
    follower_count = models.PositiveIntegerField(_("followers on social media"), default=0)
    social_links = models.TextField(_("social accounts and portfolio links"), blank=True,
                                    help_text=_("One address per line"))
    community_roles = models.CharField(_("community roles"), max_length=300, blank=True,
                                       help_text=_("Moderator, club leader, blogger…"))

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(birth_year__isnull=True) | models.Q(birth_year__gte=1900, birth_year__lte=2100),
                name="accounts_user_birth_year_range",
            )
        ]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.is_deleted:
            return str(_("a former member"))
        return self.name or self.email.split("@")[0]

    @property
    def is_deleted(self) -> bool:
        """An account its owner deleted: a nameless tombstone that stays so that what they did
        (ideas, scores, decisions, the append-only audit log) still points somewhere
        (accounts.privacy.account_delete). Deactivated and renamed into a domain that never
        delivers, so a live account is never mistaken for one."""
        return not self.is_active and self.email.endswith("@" + DELETED_EMAIL_DOMAIN)

    def profile_snapshot(self) -> dict:
        """What an application freezes about its applicant at the moment of applying."""
        return {
            "name": self.name,
            "email": self.email,
            "birth_year": self.birth_year,
            "gender": self.gender,
            "region": self.region,
            "interests": self.interests,
            "expertise": self.expertise,
            "languages": self.languages,
            "follower_count": self.follower_count,
            "social_links": self.social_links,
            "community_roles": self.community_roles,
        }


class ApiToken(models.Model):
    """A personal API token. Only a hash is stored; the secret is shown once on creation.
    Every token expires (chosen when created, at most a year ahead); a read-only token may
    only read (GET/HEAD/OPTIONS)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=8, db_index=True)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(_("expires"))
    read_only = models.BooleanField(_("read only"), default=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def hash(secret: str) -> str:
        return hashlib.sha256(secret.encode()).hexdigest()

    @staticmethod
    def new_secret() -> str:
        return "cc_" + secrets.token_urlsafe(30)

    def is_expired(self, now: datetime | None = None) -> bool:
        return self.expires_at <= (now or timezone.now())

    @property
    def expired(self) -> bool:
        return self.is_expired()


class IdempotencyKey(models.Model):
    """An ``Idempotency-Key`` a person sent with an API write, and the answer it got: a retry
    with the same key is answered from here instead of writing again (cocreate.core.
    idempotency). The row is written in the same transaction as the write itself, so a
    committed write always has its answer stored. ``status`` is empty only inside that
    transaction, while the request runs."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    method = models.CharField(max_length=8)
    path = models.TextField()
    body_hash = models.CharField(max_length=64)
    status = models.PositiveSmallIntegerField(null=True)
    content_type = models.CharField(max_length=255, blank=True)
    body = models.BinaryField(blank=True)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="accounts_idempotency_key_unique")]

    def __str__(self):
        return f"{self.method} {self.path} ({self.key})"
