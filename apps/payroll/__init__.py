"""The office's payroll data, a shared app (`module.py`, `shared=True`): payslip data,
standing deduction instructions and the dated net-pay check that salary certificates, the
revolving fund and the welfare shop build on. Shared: it serves the service modules and
imports none of them (it uses only `apps.people`).

The API for the modules above it (all keyword-only; run in an office's schema):

Reads — `apps.payroll.selectors` (each audited; a role without pay access gets PayslipNotFound):
    payslip_get(*, person, month, actor, request=None) -> Payslip
    payslip_latest(*, person, on_or_before, actor, request=None) -> Payslip
    pay_figures(payslip) -> PayFigures   # salary, income_total, deductions_total, net,
                                          # income/deductions lines (deduction order), by_kind
    pay_history(*, person, actor, request=None, months=24) -> list[PayMonth]
    instructions_in_force(*, person, month) -> list[DeductionInstruction]
    net_pay_rule_in_force(*, on) -> NetPayRule | None

The check — `apps.payroll.netpay`:
    net_pay_check(*, person, month, new_instalment=0, party="borrower", on=None) -> NetPayCheck
        .passes, .outcome ("pass"|"warn"|"block"), .headroom, .net, .floor_amount,
        .net_percent, .as_dict() (the figures to store with a certificate)
        refuses (PayrollError) payroll.no_payslip / no_rule / invalid_amount /
        negative_amount / amount_too_large; guarantors: new_instalment=0, party="guarantor"
    net_pay_check_latest(*, person, on_or_before, new_instalment=0, party="borrower",
        on=None) -> NetPayCheck   # the newest payslip up to that month (a certificate today)
    net_pay_check_audit(*, check, person, actor, request=None)

Writes — `apps.payroll.services` (roles: finance officer, welfare officer):
    payslip_save(*, person, month, lines: list[LineData], actor, request=None,
                 source="entered", note="") -> SaveResult(payslip, action)
    deduction_instruction_create(*, person, creditor, monthly_amount, first_month,
        last_month, actor, kind="bank_loan", contract_number="", source="office",
        source_reference="", note="", request=None) -> DeductionInstruction
        # after a bank approves: source="certificate",
        # source_reference="certificates.certificate:<id>"; duplicate contract refused
    deduction_instruction_end(*, instruction, last_month, actor, request=None)

Import — `apps.payroll.importing`: import_batch_check(*, file_name, content, actor) ->
PayrollImportBatch (the dry run), import_batch_apply(*, batch, actor), template_workbook().

Shapes: `services.LineData(kind, amount, creditor="", reference="", label="")` (kind: an
`IncomeKind` or `DeductionKind` value; a bank loan names its bank in `creditor` and its
contract in `reference`); `models.BANK_CREDITORS` {"gsb", "ktb", "ghb"} -> the creditor names
lines and instructions use; `models.deduction_priority(kind)` (tax 1, GPF 2, cooperative 3,
others 4, DOMAIN-wave2 0.4). `net_pay_check` takes no actor: the caller gates it by role
(`permissions.can_use_payroll`), stores `as_dict()` with its record and audits the read.
A certificate prepared in month M reads the newest payslip up to M (`payslip_latest`) and
checks that payslip's month; standing instructions not ended by then and not yet on the
payslip (matched by creditor and contract number) are counted on top. The demo has payslips
for Sept 2556 – Sept 2557 (FY 2557 and the month before it).

Months are `date`s of the month's first day; `apps.payroll.months` formats and parses B.E.
months ("กันยายน 2557", "09/2557").

Where the net-pay rule lives, and why: `NetPayRule` rows in each office's schema, dated
(`valid_from`). Migration 0002 seeds the national default into every office (the template
schema is migrated, offices are cloned from it): 30 % of salary from 29 Jan 2551 (MOE
regulation on salary deductions B.E. 2551, ข้อ 7(5)), mode "warn", because the Supreme
Administrative Court held on 12 Jul 2567 (อร.92/2567) that the regulation is not yet
enforceable as a rule. An office overrides it by adding a newer version on the rules page
(finance officer or office administrator): base salary or total income, floor, warn or block.
A later national change ships as a data migration adding a row in every office.

Who sees pay data (`permissions.py`): finance officers and welfare officers only; approvers,
viewers, fund subcommittee members and office administrators do not (admins keep the rule);
no self-service. Every read through the selectors and every write is in the audit trail
(`payroll.payslip_viewed`, `payroll.pay_history_viewed`, `payroll.net_pay_checked`,
`payroll.payslip_created/updated`, `payroll.instruction_created/ended`, `payroll.imported`,
`payroll.rule_created`).
"""
