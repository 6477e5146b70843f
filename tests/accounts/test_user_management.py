from __future__ import annotations

import pytest
from django_tenants.utils import schema_context

from accounts.models import User
from accounts.roles import OfficeRole
from tenants.models import Office
from tests.conftest import office_client

pytestmark = pytest.mark.django_db

NEW_USER = {
    "username": "newclerk",
    "first_name": "สมใจ",
    "last_name": "ทดลอง",
    "email": "",
    "position": "",
    "roles": ["welfare_officer"],
    "password": "",
}


def _count(office: Office) -> int:
    with schema_context(office.schema_name):
        return User.objects.count()


@pytest.mark.parametrize("role", [role.value for role in OfficeRole])
def test_only_the_office_admin_manages_users(office_a: Office, role: str) -> None:
    client = office_client(office_a, role)
    before = _count(office_a)
    listing = client.get("/accounts/users/")
    created = client.post("/accounts/users/new/", NEW_USER)
    if role == OfficeRole.OFFICE_ADMIN:
        assert listing.status_code == 200
        assert created.status_code == 302
        assert _count(office_a) == before + 1
    else:
        assert listing.status_code == 403
        assert created.status_code == 403
        assert _count(office_a) == before


def test_admin_creates_a_user_with_roles_in_their_own_office_only(
    office_a: Office, office_b: Office
) -> None:
    before_b = _count(office_b)
    office_client(office_a, "office_admin").post("/accounts/users/new/", NEW_USER)
    with schema_context(office_a.schema_name):
        user = User.objects.get(username="newclerk")
        assert user.role_names == {"welfare_officer"}
        assert not user.has_usable_password()
    assert _count(office_b) == before_b


def test_duplicate_username_is_refused_in_thai_and_changes_nothing(office_a: Office) -> None:
    before = _count(office_a)
    response = office_client(office_a, "office_admin").post(
        "/accounts/users/new/", {**NEW_USER, "username": "viewer"}
    )
    assert response.status_code == 200
    assert "มีชื่อผู้ใช้ “viewer” อยู่แล้ว" in response.content.decode()
    assert _count(office_a) == before


def test_central_roles_cannot_be_given_in_an_office(office_a: Office) -> None:
    response = office_client(office_a, "office_admin").post(
        "/accounts/users/new/", {**NEW_USER, "roles": ["platform_operator"]}
    )
    assert response.status_code == 200  # the form refuses an unknown choice
    with schema_context(office_a.schema_name):
        assert not User.objects.filter(username="newclerk").exists()


def test_admin_edits_roles_and_deactivates_a_user(office_a: Office) -> None:
    with schema_context(office_a.schema_name):
        target = User.objects.get(username="viewer")
    response = office_client(office_a, "office_admin").post(
        f"/accounts/users/{target.pk}/",
        {
            "first_name": "",
            "last_name": "",
            "email": "",
            "position": "",
            "roles": ["finance_officer"],
        },  # is_active unticked
    )
    assert response.status_code == 302
    with schema_context(office_a.schema_name):
        target = User.objects.get(pk=target.pk)
        assert not target.is_active
        assert set(target.groups.values_list("name", flat=True)) == {"finance_officer"}


def test_admin_cannot_lock_themselves_out(office_a: Office) -> None:
    with schema_context(office_a.schema_name):
        me = User.objects.get(username="office_admin")
    response = office_client(office_a, "office_admin").post(
        f"/accounts/users/{me.pk}/",
        {"first_name": "", "last_name": "", "email": "", "position": "", "roles": []},
    )
    assert response.status_code == 200
    assert "ไม่สามารถปิดบัญชีหรือถอนสิทธิ์ผู้ดูแลของตนเองได้" in response.content.decode()
    with schema_context(office_a.schema_name):
        assert User.objects.get(pk=me.pk).is_active


def test_user_list_query_count_does_not_grow_with_users(
    office_a: Office, django_assert_max_num_queries: object
) -> None:
    with schema_context(office_a.schema_name):
        for n in range(10):
            User.objects.create_user(f"bulk{n}")
    client = office_client(office_a, "office_admin")
    with django_assert_max_num_queries(9):  # type: ignore[operator]  # 9th: the OTP device
        response = client.get("/accounts/users/")
    assert "bulk9" in response.content.decode()
