"""Reads of the register of people. Run in an office's schema.

A record the user may not see raises the same `PersonNotFound` as one that does not exist, so
an id tells nobody whether it is in use.
"""

from __future__ import annotations

import re
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet, TextField, Value
from django.db.models.functions import Concat, Lower
from django.http import HttpRequest

from apps.people.models import FamilyMember, ImportBatch, Person, School
from apps.people.permissions import can_edit_people, can_read_people, can_see_national_id
from apps.people.text import search_key, search_terms
from audit.services import audit_record
from core.errors import NotFoundError

_ID_FRAGMENT = re.compile(r"[0-9\s\-]+")


class PersonNotFound(NotFoundError):
    code = "people.not_found"

    def __init__(self) -> None:
        super().__init__("ไม่พบข้อมูลบุคคลนี้", "No such person.")


# What a search fragment is matched against: the names (title, Thai, English) run together
# without spaces, lower case, then the national ID. Computed in the query rather than stored:
# with no index that serves `LIKE '%…%'` (pg_trgm would be one, but extensions are
# database-wide and the office schemas are cloned), a scan of an office's few thousand rows is
# a few milliseconds either way, and nothing can go stale. Names are stored cleaned
# (`apps.people.text.clean_text`) and the query is cleaned the same way.
# Thai has no letter case: only the English names go through lower().
SEARCH_TEXT = Concat(
    "title",
    "first_name_th",
    "last_name_th",
    Value("|"),
    Lower(Concat("first_name_en", "last_name_en", output_field=TextField())),
    Value("|"),
    "national_id",
    output_field=TextField(),
)


def person_list(
    *,
    search: str = "",
    category: str = "",
    status: str = "",
    school: str = "",
) -> QuerySet[Person]:
    """People matching every filter given, ordered by Thai name, with their school.

    `search` matches any fragment of the names (title, Thai or English) or of the national ID:
    Thai digits, dashes, letter case and spaces do not matter ("สมชาย ใจดี", "สมชายใจดี",
    "ใจดี สมชาย", "1-1037", "๑๑๐๓๗" all find สมชาย ใจดี 1103700012345). Each word must occur.
    `school` is a school's id, or "office" for the people working at the office itself.
    """
    people = Person.objects.select_related("school")
    query = search.strip()
    if query:
        if _ID_FRAGMENT.fullmatch(search_key(query).replace("-", "") or "x"):
            people = people.filter(national_id__contains=re.sub(r"\D", "", search_key(query)))
        else:
            whole = search_key(query)
            words = search_terms(query)
            by_words = Q()
            for word in words:
                by_words &= Q(search_text__contains=word)
            people = people.alias(search_text=SEARCH_TEXT).filter(
                Q(search_text__contains=whole) | by_words
            )
    if category:
        people = people.filter(category=category)
    if status:
        people = people.filter(status=status)
    if school == "office":
        people = people.filter(school__isnull=True)
    elif school.isdigit():
        people = people.filter(school_id=int(school))
    return people.order_by("first_name_th", "last_name_th", "pk")


def person_get_for_view(
    *, person_id: int, actor: Any, request: HttpRequest | None = None
) -> Person:
    """A person's full record with family and school, for display to `actor`.

    Opening a record is audited (`person.viewed`; PDPA: who saw whose personal data), whether
    the actor sees the national ID in full or masked (recorded as `national_id_shown`).
    Raises PersonNotFound for a missing person and for an actor who may not read the register.
    """
    if not can_read_people(actor):
        raise PersonNotFound()
    family = FamilyMember.objects.order_by("relation", "birth_order", "birth_date", "pk")
    try:
        person = (
            Person.objects.select_related("school")
            .prefetch_related(Prefetch("family", queryset=family))
            .get(pk=person_id)
        )
    except Person.DoesNotExist:
        raise PersonNotFound() from None
    audit_record(
        action="person.viewed",
        actor=actor,
        target=person,
        changes={"national_id_shown": [None, can_see_national_id(actor)]},
        request=request,
    )
    return person


def person_get_for_edit(*, person_id: int, actor: Any) -> Person:
    """A person to change (not audited as a view: the change is). Same not-found rule."""
    if not can_edit_people(actor):
        raise PersonNotFound()
    try:
        return Person.objects.select_related("school").get(pk=person_id)
    except Person.DoesNotExist:
        raise PersonNotFound() from None


def family_member_get_for_edit(*, person_id: int, member_id: int, actor: Any) -> FamilyMember:
    if not can_edit_people(actor):
        raise PersonNotFound()
    try:
        return FamilyMember.objects.select_related("person").get(pk=member_id, person_id=person_id)
    except FamilyMember.DoesNotExist:
        raise PersonNotFound() from None


def school_list(*, active_only: bool = False) -> QuerySet[School]:
    """Schools by name, each with `people_count`."""
    schools = School.objects.annotate(people_count=Count("people"))
    if active_only:
        schools = schools.filter(is_active=True)
    return schools.order_by("name_th", "pk")


def import_batch_get(*, batch_id: int, actor: Any) -> ImportBatch:
    if not can_edit_people(actor):
        raise PersonNotFound()
    try:
        return ImportBatch.objects.select_related("uploaded_by", "applied_by").get(pk=batch_id)
    except ImportBatch.DoesNotExist:
        raise PersonNotFound() from None
