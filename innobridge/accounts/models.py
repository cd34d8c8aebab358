"""Users of the platform. Each belongs to at most one organization and holds one role."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from innobridge.accounts.choices import DigestFrequency, Role


class UserManager(BaseUserManager):
    """Users sign in with their e-mail address; there is no separate user name."""

    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def get_by_natural_key(self, username: str):
        """Addresses are stored in lower case; sign-in accepts any case the user types."""
        return self.get(email__iexact=username)

    def create_user(self, email: str, password: str | None = None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email: str, password: str | None = None, **extra_fields):
        extra_fields.update(is_staff=True, is_superuser=True, role=Role.SITE_ADMIN)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person with an account: member editor, secretariat staff or site administrator."""

    username = None
    email = models.EmailField(_("e-mail address"), unique=True)
    role = models.CharField(
        _("role"), max_length=20, choices=Role.choices, default=Role.MEMBER_EDITOR
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organization"),
        related_name="users",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    preferred_language = models.CharField(_("preferred language"), max_length=10, blank=True)
    match_digest = models.CharField(
        _("e-mail me new partner suggestions"),
        max_length=10,
        choices=DigestFrequency.choices,
        default=DigestFrequency.WEEKLY,
    )
    last_digest_at = models.DateTimeField(_("last digest sent"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["password", "last_login", "last_digest_at"])
    objects = UserManager()

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    def clean(self) -> None:
        super().clean()
        self.email = self.email.lower()

    @property
    def is_secretariat(self) -> bool:
        """Secretariat staff and site administrators validate and edit everything."""
        return self.is_active and (
            self.is_superuser or self.role in {Role.SECRETARIAT, Role.SITE_ADMIN}
        )


class ApiToken(models.Model):
    """A key for the API: it expires, and its owner (or the secretariat) can revoke it.

    Only a hash of the key is stored; the key itself is shown once, when it is issued. A
    user may hold several (one per script or device), each with its own name."""

    user = models.ForeignKey(
        User, verbose_name=_("user"), related_name="api_tokens", on_delete=models.CASCADE
    )
    name = models.CharField(_("name"), max_length=100, blank=True)
    prefix = models.CharField(_("prefix"), max_length=12, help_text=_("To recognise a key."))
    key_hash = models.CharField(_("key hash"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("issued"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        User,
        verbose_name=_("revoked by"),
        related_name="+",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user_id})"
