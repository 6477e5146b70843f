"""The office's wording of a year's report: the opening and each section's methods (and
results, for a section KruCare does not record)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.reports.compose import EditableSection
from apps.reports.services import TEXT_LIMIT
from core.thai import is_valid_national_id

PLACEHOLDERS_HELP = _(
    "{office} is replaced by the office's name and {fiscal_year} by the fiscal year, so the "
    "wording carries over to next year."
)


def _no_national_id(text: str) -> None:
    """The report is read centrally: a national ID typed into it is refused."""
    digits = "".join(ch if ch.isdigit() else " " for ch in text.replace("-", ""))
    for word in digits.split():
        if len(word) == 13 and word.isascii() and is_valid_national_id(word):
            raise forms.ValidationError(
                _("The report may not contain a national ID number."), code="national_id"
            )


def _text_field(label: str, initial: str, *, rows: int = 5) -> forms.CharField:
    return forms.CharField(
        label=label,
        initial=initial,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": rows}),
        validators=[_no_national_id],
        help_text=PLACEHOLDERS_HELP,
    )


class ReportTextsForm(forms.Form):
    def __init__(
        self, *args: Any, opening: str, sections: list[EditableSection], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.sections = sections
        self.fields["opening"] = _text_field(str(_("Opening")), opening, rows=3)
        for section in sections:
            self.fields[f"methods_{section.key}"] = _text_field(
                f"{section.number} {section.title}: {_('methods')}", section.methods
            )
            if not section.recorded:
                self.fields[f"results_{section.key}"] = _text_field(
                    f"{section.number} {section.title}: {_('results')}", section.results
                )

    def methods(self) -> dict[str, str]:
        return {s.key: self.cleaned_data[f"methods_{s.key}"] for s in self.sections}

    def results(self) -> dict[str, str]:
        return {
            s.key: self.cleaned_data[f"results_{s.key}"] for s in self.sections if not s.recorded
        }
