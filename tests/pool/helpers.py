"""Builders for the pool tests; shared factories stay in tests/factories.py."""

from datetime import timedelta

from django.utils import timezone

from cocreate.pool.enums import PoolSource
from cocreate.pool.models import PoolInvitation, PoolMember
from tests import factories as f


def member_of(org, user=None, *, status="active", source=PoolSource.SELECTED, program=None, **user_kwargs):
    """A pool member written straight to the table (the services are tested on their own)."""
    return PoolMember.objects.create(organization=org, user=user or f.UserFactory(**user_kwargs), status=status,
                                     source=source, source_program=program)


def invitation_of(member, program, *, by, days=7, status="pending", message="Join us"):
    return PoolInvitation.objects.create(member=member, program=program, invited_by=by, status=status,
                                         message=message, deadline=timezone.localdate() + timedelta(days=days))


def in_days(days: int):
    return timezone.localdate() + timedelta(days=days)
