"""Writes to accounts."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from innobridge.accounts.choices import Role


@transaction.atomic
def secretariat_user_create(*, email: str, password: str, organization_id: int | None = None):
    """A secretariat account: admin access and every secretariat right."""
    User = get_user_model()
    email = User.objects.normalize_email(email).lower()
    validate_email(email)
    if User.objects.filter(email=email).exists():
        raise ValidationError(f"An account with the e-mail address {email} already exists.")
    user = User(email=email, role=Role.SECRETARIAT, is_staff=True, organization_id=organization_id)
    validate_password(password, user)
    user.set_password(password)
    user.full_clean()
    user.save()
    return user
