"""The central layer's tables in the public schema."""

from central.banks import Bank, BankFormTemplate, LoanProgramme
from central.benchmarks import BenchmarkVersion, Collection, IndicatorValue
from central.fund import FundAllocation, FundTerms
from central.rates import ChildEducationRate, MedicalLimits
from central.reports import SubmittedReport

__all__ = [
    "Bank",
    "BenchmarkVersion",
    "BankFormTemplate",
    "ChildEducationRate",
    "Collection",
    "FundAllocation",
    "FundTerms",
    "IndicatorValue",
    "LoanProgramme",
    "MedicalLimits",
    "SubmittedReport",
]
