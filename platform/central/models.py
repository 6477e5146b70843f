"""The central layer's tables in the public schema."""

from central.rates import ChildEducationRate, MedicalLimits

__all__ = ["ChildEducationRate", "MedicalLimits"]
