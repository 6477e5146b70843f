from core.indicators import indicator
from core.thai import FiscalYear


@indicator("probe.things", label_th="สิ่งทดสอบ", label_en="Probe things", unit="ราย")
def things(fiscal_year: FiscalYear) -> int:
    return 0
