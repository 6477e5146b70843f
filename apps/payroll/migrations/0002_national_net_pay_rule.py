"""The national default of the net-pay rule, in every office schema: 30 % of salary, from the
signing of the MOE regulation on salary deductions B.E. 2551 (29 Jan 2551), mode "warn"
because the Supreme Administrative Court held on 12 Jul 2567 (อร.92/2567) that the regulation
is not yet enforceable as a rule. An office overrides it with a newer row."""

from datetime import date
from decimal import Decimal

from django.db import migrations

SOURCE = (
    "ระเบียบกระทรวงศึกษาธิการว่าด้วยการหักเงินเดือน เงินบำนาญ และเงินอื่นในลักษณะเดียวกัน "
    "เพื่อชำระหนี้ พ.ศ. 2551 ข้อ 7 (5)"
)
NOTE = (
    "ค่าเริ่มต้นระดับประเทศ: เงินคงเหลือสุทธิไม่น้อยกว่าร้อยละ 30 ของเงินเดือน "
    "ศาลปกครองสูงสุด คดีหมายเลขแดงที่ อร.92/2567 (12 ก.ค. 2567) วินิจฉัยว่าระเบียบนี้"
    "ยังไม่มีสภาพใช้บังคับอย่างกฎ จึงตั้งเป็น “เตือน” สำนักงานเลือก “ไม่ออกหนังสือ” ได้"
    " (หนังสือเวียนบางเขตพื้นที่ พ.ศ. 2562 ใช้ฐานรายรับ: ตั้งฐานเป็นรายรับได้)"
)


def seed(apps, schema_editor):
    NetPayRule = apps.get_model("payroll", "NetPayRule")
    NetPayRule.objects.get_or_create(
        valid_from=date(2008, 1, 29),
        defaults={
            "floor_percent": Decimal("30.00"),
            "base": "salary",
            "mode": "warn",
            "source": SOURCE,
            "note": NOTE,
        },
    )


class Migration(migrations.Migration):
    dependencies = [("payroll", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
