"""ID-card applications for tests, made through the ID-card services (factory_boy). The
steps are taken in turn: `CardApplicationFactory(step="handed_over")` is a card in the
holder's hand, received, checked, approved and issued by the roles that may do each step."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import factory

from accounts.models import User
from apps.idcards import services
from apps.idcards.models import CardApplication
from tests.onestop.conftest import make_person

ALL_DOCUMENTS = [
    "request_form",
    "old_card",
    "appointment_order",
    "police_report",
    "name_change_certificate",
    "retirement_order",
]


STEPS = ["received", "checked", "approved", "issued", "handed_over"]


def staff(username: str) -> User:
    return User.objects.get(username=username)


class CardApplicationFactory(factory.Factory):
    class Meta:
        model = CardApplication

    person = factory.LazyFunction(make_person)
    reason = "expired"
    received_by = factory.LazyFunction(lambda: staff("welfare_officer"))
    documents = factory.LazyFunction(lambda: ["request_form"])
    at = None

    step = "received"  # or "checked", "approved", "issued", "handed_over": how far it went

    @classmethod
    def _create(cls, model_class: type[CardApplication], **kwargs: Any) -> CardApplication:
        reached = STEPS.index(kwargs.pop("step"))
        checked, approved, issued, handed_over = (reached >= n for n in range(1, 5))
        at = kwargs["at"]
        application = services.card_application_create(**kwargs)
        officer = kwargs["received_by"]

        def later(minutes: int) -> Any:
            return None if at is None else at + timedelta(minutes=minutes)

        if checked:
            services.card_application_check(
                application=application, documents=ALL_DOCUMENTS, officer=officer, at=later(2)
            )
        if approved:
            services.card_application_approve(
                application=application, approver=staff("approver"), at=later(4)
            )
        if issued:
            services.card_issue(application=application, officer=officer, at=later(8))
        if handed_over:
            application = services.card_hand_over(
                application=application, officer=officer, at=later(10)
            )
        return application
