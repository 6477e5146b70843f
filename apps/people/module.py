"""The people register as a module (`core.modules`): the shared register of teachers,
education personnel, pensioners and their families that every service reads."""

from django.utils.translation import gettext_lazy as _

from accounts.roles import OfficeRole
from core.modules import FeedResource, Module, Register, Scope

PERSON = "people.person"

MODULE = Module(
    code="people",
    title=_("People register"),
    summary=_("Teachers, education personnel, pensioners and their families."),
    order=20,
    shared=True,
    home="people:person_list",
    url_prefix="people/",
    urls="apps.people.urls",
    api_urls="api.v1.people.urls",
    roles=(
        OfficeRole.OFFICE_ADMIN,
        OfficeRole.WELFARE_OFFICER,
        OfficeRole.FINANCE_OFFICER,
        OfficeRole.APPROVER,
        OfficeRole.VIEWER,
        OfficeRole.FUND_COMMITTEE,
    ),
    scopes=(
        Scope("people:read", _("Read the register of people"), (OfficeRole.FINANCE_OFFICER,)),
        Scope("people:write", _("Register and edit people"), (OfficeRole.WELFARE_OFFICER,)),
    ),
    feed_resources=(
        FeedResource(
            PERSON,
            "A person of the register, with the family.",
            "apps.people.payloads.person_payload",
            "people:read",
            path="/api/v1/people/{id}/",
            fires="`created` when a person is registered (one by one or by a bulk import); "
            "`updated` when the person, their status or a family member changes.",
            example="apps.people.payloads.PERSON_EXAMPLE",
        ),
    ),
    indicators="apps.people.indicators",
    registers=(Register("people.register", _("People register"), "people:person_list"),),
    demo="apps.people.demo.build",
)
