"""Seed the announced calendar changes of 2025 and 2026 that the `holidays`
package (0.109) does not list among Vietnam's holidays.

What the package already gives, and is therefore not stored here:
- 2025: 01/01; Tết Ất Tỵ weekdays 27/01–31/01 (with the weekends, off 25/01–02/02);
  Hùng Kings 07/04; 30/04, 01/05 and 02/05 (the day swapped with Saturday 26/04);
  National Day 01/09–02/09 (with the weekend, off 30/08–02/09).
- 2026: 01/01; Tết Bính Ngọ weekdays 16/02–20/02 (off 14/02–22/02); Hùng Kings
  26/04 (Sunday) with 27/04 off in lieu; 30/04, 01/05; 31/08 (the day swapped with
  Saturday 22/08), 01/09, 02/09 (off 29/08–02/09).

Stored here: the make-up Saturdays (the package's holiday list has no working days)
and the New Year 2026 swap, which the package does not know at all. The data is
frozen in this file, as a migration must be; edit later changes through the admin.
"""

import datetime as dt

from django.db import migrations

CHANGES = [
    {
        "date": dt.date(2025, 4, 26),
        "kind": "working_day",
        "name": "Làm bù cho ngày nghỉ thứ Sáu 02/05/2025",
        "legal_source": (
            "Thông báo 6150/TB-BLĐTBXH ngày 03/12/2024 của Bộ Lao động - Thương binh và Xã hội "
            "(theo Công văn 8726/VPCP-KGVX ngày 26/11/2024 của Văn phòng Chính phủ)"
        ),
        "note": "Hoán đổi ngày làm việc thứ Sáu 02/05/2025 sang thứ Bảy 26/04/2025; nghỉ liên tục 30/04–04/05/2025.",
    },
    {
        "date": dt.date(2026, 1, 2),
        "kind": "day_off",
        "name": "Nghỉ Tết Dương lịch (hoán đổi, làm bù thứ Bảy 10/01/2026)",
        "legal_source": "Công văn 12729/VPCP-KGVX ngày 25/12/2025 của Văn phòng Chính phủ",
        "note": "Nghỉ liên tục 01/01–04/01/2026; hoán đổi ngày làm việc thứ Sáu 02/01/2026 sang thứ Bảy 10/01/2026.",
    },
    {
        "date": dt.date(2026, 1, 10),
        "kind": "working_day",
        "name": "Làm bù cho ngày nghỉ thứ Sáu 02/01/2026",
        "legal_source": "Công văn 12729/VPCP-KGVX ngày 25/12/2025 của Văn phòng Chính phủ",
        "note": "Hoán đổi ngày làm việc thứ Sáu 02/01/2026 sang thứ Bảy 10/01/2026.",
    },
    {
        "date": dt.date(2026, 8, 22),
        "kind": "working_day",
        "name": "Làm bù cho ngày nghỉ thứ Hai 31/08/2026",
        "legal_source": "Thông báo 9441/TB-BNV ngày 16/10/2025 của Bộ Nội vụ",
        "note": "Hoán đổi ngày làm việc thứ Hai 31/08/2026 sang thứ Bảy 22/08/2026; nghỉ Quốc khánh liên tục 29/08–02/09/2026.",
    },
]


def seed(apps, schema_editor):
    CalendarChange = apps.get_model("worktime", "CalendarChange")
    for change in CHANGES:
        fields = dict(change)
        CalendarChange.objects.update_or_create(date=fields.pop("date"), defaults=fields)


def unseed(apps, schema_editor):
    CalendarChange = apps.get_model("worktime", "CalendarChange")
    CalendarChange.objects.filter(date__in=[change["date"] for change in CHANGES]).delete()


class Migration(migrations.Migration):
    dependencies = [("worktime", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
