"""The feed payload of a health-check campaign (`healthchecks.campaign`): the campaign as the
REST resource `/api/v1/healthchecks/campaigns/{id}/` shows it, its check points with their
counts. No person appears: the schedule is public, the counts are counts."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q

from outbox.payloads import fields

CAMPAIGN_FIELDS = (
    "id",
    "fiscal_year",
    "title",
    "partner",
    "provider",
    "notes",
    "status",
    "circular_number",
    "announced_at",
    "closed_at",
)
CHECKPOINT_FIELDS = (
    "id",
    "day",
    "starts_at",
    "ends_at",
    "venue",
    "district",
    "capacity",
    "services",
    "coordinator",
    "is_demo_venue",
)


def checkpoint_payload(point: Any, counts: dict[str, int]) -> dict[str, Any]:
    return {
        **fields(point, CHECKPOINT_FIELDS),
        "starts_at": point.starts_at.strftime("%H:%M"),
        "ends_at": point.ends_at.strftime("%H:%M"),
        "target_schools": [school.name_th for school in point.target_schools.all()],
        "booked": counts.get("booked", 0),
        "places_left": max(0, point.capacity - counts.get("booked", 0)),
        "waitlisted": counts.get("waitlisted", 0),
        "attended": counts.get("attended", 0),
    }


def campaign_payload(campaign: Any) -> dict[str, Any]:
    points = (
        campaign.checkpoints.order_by("day", "starts_at", "id")
        .prefetch_related("target_schools")
        .annotate(
            n_booked=Count("signups", filter=Q(signups__status="booked")),
            n_waitlisted=Count("signups", filter=Q(signups__status="waitlisted")),
            n_attended=Count("signups", filter=Q(signups__attended_at__isnull=False)),
        )
    )
    checkpoints = [
        checkpoint_payload(
            point,
            {
                "booked": point.n_booked,
                "waitlisted": point.n_waitlisted,
                "attended": point.n_attended,
            },
        )
        for point in points
    ]
    days = sorted({point["day"] for point in checkpoints})
    return {
        **fields(campaign, CAMPAIGN_FIELDS),
        "first_day": days[0] if days else None,
        "last_day": days[-1] if days else None,
        "checkpoints": checkpoints,
    }


# The catalogue's example (`/api/v1/events/`): a campaign announced with one check point.
CAMPAIGN_EXAMPLE: dict[str, Any] = {
    "id": 3,
    "fiscal_year": 2557,
    "title": "ตรวจสุขภาพประจำปี 2557",
    "partner": "สำนักงาน สกสค. จังหวัดพัทลุง",
    "provider": "หน่วยแพทย์เคลื่อนที่ของสำนักงาน สกสค.",
    "notes": "",
    "status": "announced",
    "circular_number": "0001/2557",
    "announced_at": "2014-09-01T09:00:00+07:00",
    "closed_at": None,
    "first_day": "2014-09-26",
    "last_day": "2014-09-26",
    "checkpoints": [
        {
            "id": 11,
            "day": "2014-09-26",
            "starts_at": "08:30",
            "ends_at": "15:30",
            "venue": "หอประชุมโรงเรียนบ้านควนขนุน",
            "district": "อำเภอควนขนุน",
            "capacity": 120,
            "services": "ตรวจเลือด วัดความดันโลหิต เอกซเรย์ปอด",
            "coordinator": "นางสาวสุดา ใจงาม โทร. 0 7468 1234",
            "is_demo_venue": False,
            "target_schools": ["โรงเรียนบ้านควนขนุน"],
            "booked": 87,
            "places_left": 33,
            "waitlisted": 0,
            "attended": 0,
        }
    ],
}
