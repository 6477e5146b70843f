from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from apps.delegations.services import DELEGATOR_ROLE
from core.modules import delegable_powers
from core.thai.forms import BuddhistDateField


class UserChoiceField(forms.ModelChoiceField[User]):
    def label_from_instance(self, obj: User) -> str:
        return " – ".join(filter(None, [obj.display_name, obj.position]))


class DelegationForm(forms.Form):
    delegator = UserChoiceField(label=_("Delegated by (director)"), queryset=User.objects.none())
    delegate = UserChoiceField(label=_("Delegated to"), queryset=User.objects.none())
    power = forms.ChoiceField(label=_("Power delegated"), choices=())
    valid_from = BuddhistDateField(label=_("Valid from"))
    valid_to = BuddhistDateField(label=_("Valid until"))
    order_reference = forms.CharField(
        label=_("Order number"), max_length=100, help_text=_("For example: คำสั่งที่ 125/2557")
    )
    delegator_position = forms.CharField(
        label=_("Delegator's position"),
        max_length=200,
        required=False,
        help_text=_("Empty: the position of the delegator's account."),
    )
    delegate_position = forms.CharField(
        label=_("Delegate's position"),
        max_length=200,
        required=False,
        help_text=_("Empty: the position of the delegate's account."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        active = User.objects.filter(is_active=True).order_by("first_name", "username")
        self.fields["delegator"].queryset = active.filter(groups__name=DELEGATOR_ROLE)  # type: ignore[attr-defined]
        self.fields["delegate"].queryset = active  # type: ignore[attr-defined]
        self.fields["power"].choices = list(delegable_powers().items())  # type: ignore[attr-defined]


class EndForm(forms.Form):
    last_day = BuddhistDateField(
        label=_("Last day in force"), required=False, help_text=_("Empty: today.")
    )
