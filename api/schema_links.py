"""A drf-spectacular postprocessing hook (SPECTACULAR_SETTINGS["POSTPROCESSING_HOOKS"]):
OpenAPI links between operations, so that a client generator, a reader and a stateful tester
(schemathesis) know that the `id` a POST answers with is the path parameter of the record's
detail and action operations (a list page's first record's too), and that a feed page's `next`
is the next page's `after`. Links
are only added between operations the host's schema has (the central host has no people, for
one)."""

from __future__ import annotations

from typing import Any

# A link: (name, target operationId, parameters). Parameter values are OpenAPI runtime
# expressions.
Link = tuple[str, str, dict[str, str]]

_BODY_ID = "$response.body#/id"


def _on_id(param: str, *targets: tuple[str, str]) -> list[Link]:
    return [(name, operation, {param: _BODY_ID}) for name, operation in targets]


_PERSON = _on_id(
    "person_id",
    ("GetPerson", "people_retrieve"),
    ("UpdatePerson", "people_update"),
    ("EditPerson", "people_partial_update"),
    ("ListFamily", "people_family_list"),
    ("AddFamilyMember", "people_family_create"),
    ("GetEligibility", "reimbursements_eligibility_retrieve"),
)
_FAMILY_MEMBER: list[Link] = [
    (name, operation, {"person_id": "$request.path.person_id", "member_id": _BODY_ID})
    for name, operation in (
        ("UpdateFamilyMember", "people_family_update"),
        ("EditFamilyMember", "people_family_partial_update"),
        ("DeleteFamilyMember", "people_family_destroy"),
    )
]
_CARD_APPLICATION = _on_id(
    "application_id",
    ("GetApplication", "idcards_applications_retrieve"),
    ("CheckApplication", "idcards_applications_check"),
    ("ApproveApplication", "idcards_applications_approve"),
    ("RejectApplication", "idcards_applications_reject"),
    ("PrintCard", "idcards_applications_print"),
    ("HandOverCard", "idcards_applications_hand_over"),
)
_CLAIM = _on_id(
    "claim_id",
    ("GetClaim", "reimbursements_claims_retrieve"),
    ("CheckClaim", "reimbursements_claims_check"),
    ("ApproveClaim", "reimbursements_claims_approve"),
    ("ReturnClaim", "reimbursements_claims_return"),
    ("PayClaim", "reimbursements_claims_pay"),
)
_PAYMENT = _on_id("payment_id", ("GetPayment", "reimbursements_payments_retrieve"))
_SERVICE_REQUEST = _on_id(
    "service_request_id",
    ("GetServiceRequest", "service_requests_retrieve"),
    ("StartServiceRequest", "service_requests_start"),
    ("CompleteServiceRequest", "service_requests_complete"),
    ("HandOverServiceRequest", "service_requests_hand_over"),
    ("CancelServiceRequest", "service_requests_cancel"),
)
_SUBSCRIPTION = [
    *_on_id(
        "subscription_id",
        ("GetSubscription", "webhooks_subscriptions_retrieve"),
        ("EditSubscription", "webhooks_subscriptions_partial_update"),
        ("PingSubscription", "webhooks_subscriptions_ping"),
        ("RotateSecret", "webhooks_subscriptions_rotate_secret"),
        ("DeleteSubscription", "webhooks_subscriptions_destroy"),
    ),
    ("ListDeliveries", "webhooks_deliveries_list", {"subscription": _BODY_ID}),
]


def _next_page(operation: str) -> list[Link]:
    # A cursor is bound to the resource filter it was issued under: the next page keeps it.
    return [
        (
            "NextPage",
            operation,
            {"after": "$response.body#/next", "resource": "$request.query.resource"},
        )
    ]


def _first_of_page(links: list[Link]) -> list[Link]:
    """The same links from a list page: to its first record."""
    return [
        (
            name.replace("Get", "GetFirst", 1) if name.startswith("Get") else f"{name}First",
            op,
            {
                key: "$response.body#/results/0/id" if value == _BODY_ID else value
                for key, value in parameters.items()
            },
        )
        for name, op, parameters in links
    ]


# operationId -> status -> links.
LINKS: dict[str, dict[str, list[Link]]] = {
    "people_list": {"200": _first_of_page(_PERSON)},
    "idcards_applications_list": {"200": _first_of_page(_CARD_APPLICATION)},
    "reimbursements_claims_list": {"200": _first_of_page(_CLAIM)},
    "reimbursements_payments_list": {"200": _first_of_page(_PAYMENT)},
    "service_requests_list": {"200": _first_of_page(_SERVICE_REQUEST)},
    "webhooks_subscriptions_list": {"200": _first_of_page(_SUBSCRIPTION)},
    "people_create": {"201": _PERSON},
    "people_retrieve": {"200": _PERSON},
    "people_partial_update": {"200": _PERSON},
    "people_family_create": {"201": _FAMILY_MEMBER},
    "idcards_applications_create": {"201": _CARD_APPLICATION},
    "idcards_applications_retrieve": {"200": _CARD_APPLICATION},
    "reimbursements_claims_create": {"201": _CLAIM},
    "reimbursements_claims_retrieve": {"200": _CLAIM},
    "reimbursements_claims_pay": {"200": _PAYMENT, "201": _PAYMENT},
    "service_requests_create": {"201": _SERVICE_REQUEST},
    "service_requests_call_next": {"200": _SERVICE_REQUEST},
    "service_requests_retrieve": {"200": _SERVICE_REQUEST},
    "webhooks_subscriptions_create": {"201": _SUBSCRIPTION},
    "webhooks_subscriptions_retrieve": {"200": _SUBSCRIPTION},
    "feed_read": {"200": _next_page("feed_read")},
    "national_feed_read": {"200": _next_page("national_feed_read")},
}

METHODS = ("get", "put", "post", "patch", "delete")


def _operations(result: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {
        operation["operationId"]: operation
        for item in result.get("paths", {}).values()
        for method, operation in item.items()
        if method in METHODS and "operationId" in operation
    }


def add_links(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    operations = _operations(result)
    for source, by_status in LINKS.items():
        if source not in operations:
            continue
        responses = operations[source].get("responses", {})
        for status_code, links in by_status.items():
            if status_code not in responses:
                continue
            declared = {
                name: {"operationId": target, "parameters": parameters}
                for name, target, parameters in links
                if target in operations
            }
            if declared:
                responses[status_code].setdefault("links", {}).update(declared)
    return result
