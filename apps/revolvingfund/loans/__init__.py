"""The revolving fund's loans after approval: contracts, disbursement, the amortisation schedule,
payroll deductions, repayments, arrears and guarantors, changes, transfers between offices.

`amortisation` is pure Python (Decimal, no Django): the one place loan money is computed.
"""
