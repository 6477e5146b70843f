from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from apps.people.models import Person
from apps.revolvingfund.models import DebtKind, DocumentKind
from apps.revolvingfund.services import DebtData
from core.thai.forms import BahtField, BuddhistDateField, FiscalYearField, NationalIdField

DEBT_ROWS = 3
GUARANTOR_ROWS = 3


def _person(national_id: str, *, missing: str) -> Person:
    person = Person.objects.filter(national_id=national_id).first()
    if person is None:
        raise ValidationError(missing, code="unknown_person")
    return person


class RoundOpenForm(forms.Form):
    fiscal_year = FiscalYearField(label=_("Fiscal year (B.E.)"))
    number = forms.IntegerField(label=_("Round"), min_value=1, max_value=9)


class CallForm(forms.Form):
    opens_on = BuddhistDateField(label=_("Applications from"))
    closes_on = BuddhistDateField(label=_("Applications until"))
    documents = forms.MultipleChoiceField(
        label=_("Documents to bring"),
        choices=[
            (kind.value, kind.label)
            for kind in DocumentKind
            if kind
            not in (
                DocumentKind.DEBT_STATEMENT,
                DocumentKind.GUARANTOR_CONSENT,
                DocumentKind.DIRECTOR_ENDORSEMENT,
                DocumentKind.OTHER,
            )
        ],  # fmt: skip
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Each debt's statement and each guarantor's consent are always required."),
    )
    note = forms.CharField(
        label=_("Note to schools"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ApplicationForm(forms.Form):
    national_id = NationalIdField(label=_("Borrower's national ID"))
    service_started_on = BuddhistDateField(label=_("In government service since"))
    amount_requested = BahtField(label=_("Amount asked (baht)"))
    term_requested = forms.IntegerField(label=_("Term asked (months)"), min_value=1, max_value=600)
    director_endorsed = forms.BooleanField(
        label=_("Endorsed by the school director"), required=False
    )
    director_name = forms.CharField(label=_("School director"), max_length=200, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for n in range(1, DEBT_ROWS + 1):
            required = n == 1
            self.fields[f"debt_{n}_creditor"] = forms.CharField(
                label=_("Debt %(n)s: creditor") % {"n": n}, max_length=200, required=required
            )
            self.fields[f"debt_{n}_kind"] = forms.ChoiceField(
                label=_("Debt %(n)s: kind") % {"n": n},
                choices=[("", "—"), *DebtKind.choices],
                required=required,
            )
            self.fields[f"debt_{n}_balance"] = BahtField(
                label=_("Debt %(n)s: balance (baht)") % {"n": n}, required=required
            )
            self.fields[f"debt_{n}_instalment"] = BahtField(
                label=_("Debt %(n)s: monthly instalment (baht)") % {"n": n}, required=required
            )
            self.fields[f"debt_{n}_started_on"] = BuddhistDateField(
                label=_("Debt %(n)s: started on") % {"n": n}, required=required
            )
        for n in range(1, GUARANTOR_ROWS + 1):
            self.fields[f"guarantor_{n}"] = NationalIdField(
                label=_("Guarantor %(n)s: national ID") % {"n": n}, required=False
            )
            self.fields[f"guarantor_{n}_consent"] = forms.BooleanField(
                label=_("Guarantor %(n)s signed the consent to deduction") % {"n": n},
                required=False,
            )

    def clean_national_id(self) -> Person:
        return _person(
            self.cleaned_data["national_id"],
            missing=str(
                _("No one with this national ID is in the register: add the person first.")
            ),
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        debts: list[DebtData] = []
        for n in range(1, DEBT_ROWS + 1):
            values = [data.get(f"debt_{n}_{part}") for part in
                      ("creditor", "kind", "balance", "instalment", "started_on")]  # fmt: skip
            if not any(v not in (None, "") for v in values):
                continue
            if any(v in (None, "") for v in values):
                self.add_error(f"debt_{n}_creditor", _("Fill every field of this debt."))
                continue
            creditor, kind, balance, instalment, started_on = values
            debts.append(DebtData(creditor, kind, balance, instalment, started_on))  # type: ignore[arg-type]
        data["debts"] = debts
        guarantors: list[tuple[Person, bool]] = []
        for n in range(1, GUARANTOR_ROWS + 1):
            national_id = data.get(f"guarantor_{n}")
            if not national_id:
                continue
            person = Person.objects.filter(national_id=national_id).first()
            if person is None:
                self.add_error(
                    f"guarantor_{n}", _("No guarantor with this national ID is in the register.")
                )
                continue
            guarantors.append((person, bool(data.get(f"guarantor_{n}_consent"))))
        data["guarantors"] = guarantors
        return data


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Document"), choices=DocumentKind.choices)
    debt = forms.TypedChoiceField(label=_("Debt"), required=False, coerce=int, empty_value=None)
    guarantor = forms.TypedChoiceField(
        label=_("Guarantor"), required=False, coerce=int, empty_value=None
    )
    file = forms.FileField(label=_("Scan (PDF, JPEG or PNG)"), required=False)

    def __init__(self, *args: Any, application: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        debt_field = self.fields["debt"]
        guarantor_field = self.fields["guarantor"]
        assert isinstance(debt_field, forms.ChoiceField)  # noqa: S101
        assert isinstance(guarantor_field, forms.ChoiceField)  # noqa: S101
        debt_field.choices = [("", "—")] + [
            (str(d.pk), f"{d.creditor} {d.balance:,.2f}") for d in application.debts.all()
        ]
        guarantor_field.choices = [("", "—")] + [
            (str(g.pk), str(g.person)) for g in application.guarantors.all()
        ]


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )
