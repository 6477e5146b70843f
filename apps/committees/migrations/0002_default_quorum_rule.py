"""The default quorum rule, in every office schema, marked unconfirmed: more than half of the
members in office, with the chair or a vice-chair present to preside. An office replaces it
with a newer version of its own (its regulation or the committee's order)."""

from datetime import date

from django.db import migrations

SOURCE = (
    "ค่าเริ่มต้นของระบบ (ยังไม่ได้ยืนยัน): ข้อความที่คำสั่งแต่งตั้งคณะกรรมการของส่วนราชการใช้ทั่วไป"
    " — ต้องยืนยันกับระเบียบของสำนักงาน"
)
NOTE = (
    "องค์ประชุม: กรรมการมาประชุมเกินกึ่งหนึ่งของกรรมการที่อยู่ในวาระในวันประชุม"
    " และต้องมีประธานหรือรองประธานอยู่ด้วย. พระราชบัญญัติวิธีปฏิบัติราชการทางปกครอง พ.ศ. 2539"
    " มาตรา 79 (กรณีไม่มีกฎหมายกำหนดไว้) ใช้ 'ไม่น้อยกว่ากึ่งหนึ่ง' และมาตรา 80 ให้ที่ประชุม"
    "เลือกกรรมการคนหนึ่งเป็นประธานเมื่อประธานและรองประธานไม่อยู่ (ยังไม่ได้ตรวจกับตัวบท)"
    " — เจ้าหน้าที่สวัสดิการต้องยืนยันเกณฑ์ของคณะอนุกรรมการกองทุนฯ และคณะกรรมการสวัสดิการ"
)


def seed(apps, schema_editor):
    QuorumRule = apps.get_model("committees", "QuorumRule")
    QuorumRule.objects.get_or_create(
        kind="",
        valid_from=date(2000, 1, 1),
        defaults={
            "share_numerator": 1,
            "share_denominator": 2,
            "strictly_more": True,
            "presiding_required": True,
            "source": SOURCE,
            "confirmed": False,
            "note": NOTE,
        },
    )


class Migration(migrations.Migration):
    dependencies = [("committees", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
