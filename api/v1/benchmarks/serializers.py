"""The central benchmarks as JSON: numbers as strings (exact decimals), fiscal years in B.E."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from api.v1.common import StrictCharField
from central.benchmarks import IndicatorValue


def number(**kwargs: Any) -> serializers.DecimalField:
    return serializers.DecimalField(
        max_digits=24, decimal_places=4, coerce_to_string=True, allow_null=True, **kwargs
    )


WITHHELD_HELP = (
    "True when the figure is withheld: a sensitive indicator with fewer than five people behind "
    "it. Its value (and per 100, previous, change) is then null, and it takes no part in any "
    "rank or median."
)


class IndicatorSerializer(serializers.Serializer):
    code = StrictCharField(help_text="Stable, dotted: e.g. `idcards.issued.teacher`.")
    label_th = StrictCharField()
    label_en = StrictCharField()
    unit = StrictCharField(help_text="cards, payments, baht, percent, minutes, ...")
    per_personnel = serializers.BooleanField(help_text="Whether per-100-personnel is given.")
    higher_is_better = serializers.BooleanField(help_text="Rank 1 is the largest value if true.")
    sensitive = serializers.BooleanField(
        help_text="A sensitive matter (debt, health, …): an office's figure is withheld where "
        "fewer than five people are behind it."
    )


class OfficeRefSerializer(serializers.Serializer):
    code = StrictCharField()
    name_th = StrictCharField()
    kind = StrictCharField()
    region = StrictCharField()
    province = StrictCharField()


class IndicatorValueSerializer(serializers.ModelSerializer):
    office = OfficeRefSerializer(read_only=True)
    fiscal_year = serializers.IntegerField(help_text="B.E.")
    value = number(read_only=True)
    per_100_personnel = number(read_only=True)
    withheld = serializers.BooleanField(read_only=True, help_text=WITHHELD_HELP)

    class Meta:
        model = IndicatorValue
        fields = [
            "office",
            "fiscal_year",
            "code",
            "value",
            "per_100_personnel",
            "withheld",
            "collected_at",
        ]


class StandingSerializer(serializers.Serializer):
    rank = serializers.IntegerField(help_text="1 = best; tied offices share a rank.")
    count = serializers.IntegerField(help_text="Offices with a value in the group.")
    percentile = serializers.DecimalField(max_digits=5, decimal_places=2, coerce_to_string=True)
    quartile = serializers.IntegerField(help_text="1 = best quarter.")


class FigureSerializer(serializers.Serializer):
    office = OfficeRefSerializer()
    value = number()
    previous = number(help_text="The previous fiscal year's value.")
    change = number()
    change_percent = number()
    national = StandingSerializer(allow_null=True)
    peers = serializers.DictField(
        child=StandingSerializer(), help_text="By peer group: `kind`, `region`, `province`."
    )
    withheld = serializers.BooleanField(help_text=WITHHELD_HELP)


class ComparisonSerializer(serializers.Serializer):
    indicator = IndicatorSerializer()
    fiscal_year = serializers.IntegerField(help_text="B.E.")
    basis = serializers.ChoiceField(choices=["value", "per_100"])
    national_median = number()
    peer_medians = serializers.DictField(
        child=serializers.DictField(child=number()),
        help_text='`{peer group: {group value: median}}`, e.g. `{"kind": {"primary": "12"}}`.',
    )
    figures = FigureSerializer(many=True, help_text="Best first; offices without a value last.")


class CardLineSerializer(serializers.Serializer):
    indicator = IndicatorSerializer()
    fiscal_year = serializers.IntegerField()
    value = number()
    per_100 = number()
    previous = number()
    change = number()
    national_median = number()
    peer_median = number(help_text="Offices of the same kind (primary or secondary).")
    national = StandingSerializer(allow_null=True)
    peer = StandingSerializer(allow_null=True)
    withheld = serializers.BooleanField(help_text=WITHHELD_HELP)
