"""The counter's tally, photos as evidence, the cash book and the fee rules."""

from __future__ import annotations

import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from apps.welfareshop import selectors, services
from apps.welfareshop.models import AccountEntry, EvidencePhoto, FeeRule, ServiceTally
from core.errors import PermissionDeniedError
from core.thai import fiscal_year_of
from tests.welfareshop.factories import fee_rule, make_booking, staff

pytestmark = pytest.mark.django_db


def test_the_tally_counts_up_corrects_down_and_never_below_zero(in_alpha: object) -> None:
    today = timezone.localdate()
    officer = staff("welfare_officer")
    for _ in range(3):
        services.tally_add(day=today, kind="drink", actor=officer)
    assert services.tally_add(day=today, kind="drink", actor=officer, by=-1) == 2
    assert services.tally_add(day=today, kind="visit", actor=officer, by=-5) == 0
    assert selectors.tally_of(today) == {"drink": 2, "visit": 0}
    assert ServiceTally.objects.count() == 2


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"kind": "beer"}, "welfareshop.unknown_kind"),
        ({"by": 0}, "welfareshop.invalid_step"),
        ({"by": 501}, "welfareshop.invalid_step"),
        ({"by": True}, "welfareshop.invalid_step"),
        ({"day": date.today() + timedelta(days=2)}, "welfareshop.future_day"),  # noqa: DTZ011
    ],
)
def test_bad_tally_input_is_refused(in_alpha: object, kwargs: dict, code: str) -> None:
    values = {"day": timezone.localdate(), "kind": "drink", "by": 1, **kwargs}
    with pytest.raises(services.ShopError) as refused:
        services.tally_add(actor=staff("welfare_officer"), **values)
    assert refused.value.code == code
    assert not ServiceTally.objects.exists()


def test_only_the_welfare_officer_counts(in_alpha: object) -> None:
    with pytest.raises(PermissionDeniedError):
        services.tally_add(day=timezone.localdate(), kind="drink", actor=staff("viewer"))


def _jpeg_with_exif(width: int, height: int) -> SimpleUploadedFile:
    image = Image.new("RGB", (width, height), "orange")
    exif = Image.Exif()
    exif[0x010F] = "CameraMaker"  # Make
    exif[0x8825] = {2: (13.0, 45.0, 0.0)}  # GPSInfo: latitude
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    return SimpleUploadedFile("p.jpg", buffer.getvalue(), content_type="image/jpeg")


def test_a_photo_is_resized_stripped_and_filed_in_its_fiscal_years_album(in_alpha: object) -> None:
    booking = make_booking()
    taken = timezone.localdate()
    photo = services.photo_add(
        image=_jpeg_with_exif(3200, 2400),
        taken_on=taken,
        caption="ประชุมย่อยในห้องหม่อมจุ้ย",
        consent="consented",
        booking=booking,
        actor=staff("welfare_officer"),
    )
    assert (photo.width, photo.height) == (1600, 1200)
    assert photo.fiscal_year == fiscal_year_of(taken).be_year
    assert photo.resource == booking.resource
    with photo.image.open("rb") as handle, Image.open(handle) as kept:
        assert kept.size == (1600, 1200) and kept.format == "JPEG"
        assert not kept.getexif()
    assert list(selectors.album(fiscal_year=photo.fiscal_year)) == [photo]


def test_a_photo_without_consent_noted_or_not_an_image_is_refused(in_alpha: object) -> None:
    officer = staff("welfare_officer")
    with pytest.raises(services.ShopError) as refused:
        services.photo_add(image=_jpeg_with_exif(10, 10), taken_on=timezone.localdate(),
                           caption="x", consent="", actor=officer)  # fmt: skip
    assert refused.value.code == "welfareshop.consent_required"
    with pytest.raises(Exception) as broken:  # noqa: PT011 (UploadError: a coded refusal)
        services.photo_add(
            image=SimpleUploadedFile("x.jpg", b"<html>not an image</html>"),
            taken_on=timezone.localdate(), caption="x", consent="no_faces", actor=officer,
        )  # fmt: skip
    assert getattr(broken.value, "code", "") == "upload.image_unreadable"
    assert not EvidencePhoto.objects.exists()


def test_the_statement_carries_the_balance_month_by_month(in_alpha: object) -> None:
    year = fiscal_year_of(date(2014, 1, 1))
    payer, officer = staff("finance_officer"), staff("welfare_officer")
    services.account_entry_record(on=date(2013, 9, 20), kind="takings", amount="500",
                                  description="ยอดก่อนปี", actor=payer)  # fmt: skip
    services.account_entry_record(on=date(2013, 10, 5), kind="takings", amount="1200.50",
                                  description="ค่าหุ้น", actor=payer)  # fmt: skip
    services.account_entry_record(on=date(2013, 10, 20), kind="spending", amount="300",
                                  description="กาแฟ", actor=officer)  # fmt: skip
    services.account_entry_record(on=date(2014, 2, 3), kind="spending", amount="100",
                                  description="น้ำตาล", actor=officer)  # fmt: skip
    statement = selectors.statement(year)
    assert statement.opening == Decimal("500")
    assert statement.months[0].balance == Decimal("1400.50")
    assert [m.balance for m in statement.months][3:5] == [Decimal("1400.50"), Decimal("1300.50")]
    assert (statement.takings, statement.spending, statement.closing) == (
        Decimal("1200.50"),
        Decimal("300") + Decimal("100"),
        Decimal("1300.50"),
    )


@pytest.mark.parametrize("amount", ["0", "-5", "abc", "1e9999", ""])
def test_a_bad_amount_records_nothing(in_alpha: object, amount: str) -> None:
    with pytest.raises(services.ShopError):
        services.account_entry_record(on=timezone.localdate(), kind="takings", amount=amount,
                                      description="x", actor=staff("finance_officer"))  # fmt: skip
    assert not AccountEntry.objects.exists()


def test_viewers_do_not_keep_the_accounts(in_alpha: object) -> None:
    with pytest.raises(PermissionDeniedError):
        services.account_entry_record(on=timezone.localdate(), kind="takings", amount="5",
                                      description="x", actor=staff("viewer"))  # fmt: skip


def test_one_fee_rule_per_day_and_a_confirmed_one_names_its_source(in_alpha: object) -> None:
    fee_rule(valid_from=date(2013, 10, 1))
    with pytest.raises(services.ShopError) as twice:
        services.fee_rule_create(actor=staff("welfare_officer"), valid_from=date(2013, 10, 1),
                                 kind="share", amount="50")  # fmt: skip
    assert twice.value.code == "welfareshop.duplicate_fee_rule"
    with pytest.raises(services.ShopError) as sourceless:
        services.fee_rule_create(actor=staff("welfare_officer"), valid_from=date(2014, 1, 1),
                                 kind="share", amount="50", confirmed=True)  # fmt: skip
    assert sourceless.value.code == "welfareshop.source_required"
    assert FeeRule.objects.count() == 1
    assert services.fee_rule_in_force(date(2013, 9, 30)) is None
