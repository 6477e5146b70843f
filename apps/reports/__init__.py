"""The annual self-assessment report, written from the registers (issue 15)."""
