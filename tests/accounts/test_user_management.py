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
    "email": "somjai@example.org",
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


def test_users_page_names_roles_in_thai(office_a: Office) -> None:
    body = office_client(office_a, "office_admin").get("/accounts/users/").content.decode()
    assert "ผู้อนุมัติ (ผู้อำนวยการ)" in body
    assert "เจ้าหน้าที่การเงิน" in body
    # The account holding every role lists them all by name, none by code.
    assert "<td>ผู้ดูแลระบบของสำนักงาน, " in body
    assert ", approver" not in body and ", finance_officer" not in body


def test_an_invited_user_sets_a_password_with_the_link_from_the_mail(office_a: Office) -> None:
    import re

    from django.core import mail

    client = office_client(office_a, "office_admin")
    response = client.post("/accounts/users/new/", NEW_USER)
    assert response.status_code == 302
    link = re.search(r"http://alpha\.localhost(/\S+)", mail.outbox[0].body)
    assert link and mail.outbox[0].to == ["somjai@example.org"]
    with schema_context(office_a.schema_name):
        user = User.objects.get(username="newclerk")
    # Lost the e-mail: the administrator sends it again.
    client.post(f"/accounts/users/{user.pk}/invitation/")
    assert len(mail.outbox) == 2
    invited = office_client(office_a)
    page = invited.get(link.group(1), follow=True)
    set_url = page.redirect_chain[-1][0]
    password = "welfare-clerk-password-1"  # noqa: S105
    done = invited.post(set_url, {"new_password1": password, "new_password2": password})
    assert done.status_code == 302 and done["Location"] == "/"  # no second factor needed
    assert invited.get("/").wsgi_request.user.username == "newclerk"
    with schema_context(office_a.schema_name):
        assert User.objects.get(pk=user.pk).check_password(password)


def test_inviting_without_an_email_is_refused_in_thai(office_a: Office) -> None:
    before = _count(office_a)
    response = office_client(office_a, "office_admin").post(
        "/accounts/users/new/", {**NEW_USER, "email": ""}
    )
    assert response.status_code == 200
    assert "กรุณากรอกอีเมลที่ถูกต้อง" in response.content.decode()
    assert _count(office_a) == before


def test_deactivating_and_reactivating_is_audited_old_to_new(office_a: Office) -> None:
    from audit.models import AuditEvent

    with schema_context(office_a.schema_name):
        target = User.objects.get(username="viewer")
    client = office_client(office_a, "office_admin")
    data = {"first_name": "", "last_name": "", "email": "", "position": "", "roles": ["viewer"]}
    client.post(f"/accounts/users/{target.pk}/", data)
    client.post(f"/accounts/users/{target.pk}/", {**data, "is_active": "on"})
    with schema_context(office_a.schema_name):
        assert User.objects.get(pk=target.pk).is_active
        changes = [
            event.changes["is_active"]
            for event in AuditEvent.objects.filter(
                action="account.updated", target_id=str(target.pk)
            ).order_by("pk")
        ]
    assert changes == [[True, False], [False, True]]


def test_user_services_refuse_someone_who_is_not_an_administrator(office_a: Office) -> None:
    from accounts.services import user_update
    from core.errors import PermissionDeniedError

    with schema_context(office_a.schema_name):
        clerk = User.objects.get(username="welfare_officer")
        with pytest.raises(PermissionDeniedError):
            user_update(
                user=clerk,
                roles=["office_admin"],
                is_active=True,
                first_name="",
                last_name="",
                email="",
                position="",
                acting_user=clerk,
            )


def test_office_admin_home_links_the_user_pages(office_a: Office) -> None:
    body = office_client(office_a, "office_admin").get("/").content.decode()
    assert 'href="/accounts/users/"' in body
