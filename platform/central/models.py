"""The central layer's tables in the public schema."""

from central.benchmarks import Collection, IndicatorValue
from central.rates import ChildEducationRate, MedicalLimits
from central.reports import SubmittedReport

__all__ = ["ChildEducationRate", "Collection", "IndicatorValue", "MedicalLimits", "SubmittedReport"]
