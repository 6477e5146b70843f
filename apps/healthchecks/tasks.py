"""Tasks of the annual health check."""

from __future__ import annotations

from celery import shared_task


@shared_task(time_limit=60)
def access_code_mail_task(code_id: int | None, sealed_code: str) -> bool:
    """E-mail a one-time code (queued for every request from the public page, registered or
    not, so that the page does the same work either way; only a registered person's code is
    sent). The code travels through the broker encrypted with the platform's keys
    (`core.encryption`) and is opened only here."""
    from apps.healthchecks.services import access_code_mail
    from core import encryption

    if code_id is None:
        return False
    return access_code_mail(code_id=code_id, code=encryption.decrypt(sealed_code))
