"""Reading the accounts of the current schema: a user's signed-in sessions."""

from __future__ import annotations

from django.contrib.sessions.models import Session
from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import User, UserSession


def user_session_list(*, user: User) -> QuerySet[UserSession]:
    """The user's sessions that are still alive (their Django session exists and has not
    expired), most recently seen first."""
    alive = Session.objects.filter(expire_date__gt=timezone.now()).values("session_key")
    return UserSession.objects.filter(user=user, session_key__in=alive)
