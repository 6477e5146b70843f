from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.thai.forms import BuddhistDateField


class EventFilterForm(forms.Form):
    """The filters of the review page. Every field is optional; bad values are shown as errors
    and the page lists everything instead."""

    KIND_CHOICES = [
        ("", _("Everything")),
        ("sign_ins", _("Sign-ins and sessions")),
        ("failures", _("Failed sign-ins")),
        ("exports", _("Exports of personal data")),
        ("accounts", _("Account changes")),
    ]

    kind = forms.ChoiceField(label=_("Show"), choices=KIND_CHOICES, required=False)
    user = forms.CharField(label=_("User"), max_length=150, required=False)
    date_from = BuddhistDateField(label=_("From"), required=False)
    date_to = BuddhistDateField(label=_("To"), required=False)
    action = forms.CharField(label=_("Action"), max_length=64, required=False)
