"""The subcommittee's scores: each member present at the scoring meeting scores each eligible
application on the round's published criteria (`Round.criteria`). A member with a conflict
(the applicant, a guarantor, or family of the applicant) never scores it: the conflict is
recorded in `apps.committees` and the score refused."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.revolvingfund.models.applications import Application


class Score(models.Model):
    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="scores"
    )
    membership = models.ForeignKey(
        "committees.Membership",
        verbose_name=_("member"),
        on_delete=models.PROTECT,
        related_name="fund_scores",
    )
    meeting = models.ForeignKey(
        "committees.Meeting", verbose_name=_("meeting"), on_delete=models.PROTECT, related_name="+"
    )
    criterion = models.CharField(_("criterion"), max_length=40)
    points = models.PositiveSmallIntegerField(_("points"))
    recorded_at = models.DateTimeField(_("recorded"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        ordering = ["application", "membership", "criterion"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "membership", "criterion"], name="fund_score_once"
            ),
            models.CheckConstraint(
                condition=models.Q(points__lte=100), name="fund_score_at_most_100"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application} {self.criterion}: {self.points}"
