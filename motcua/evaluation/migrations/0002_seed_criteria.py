"""The rating criteria of Decree 61/2018/NĐ-CP art. 31 (DOMAIN.md §7), in force from the
decree's effective date. The questions are data: amend them by giving a row a `valid_to` and
adding a new row with a new code, never by rewording a row already answered."""

import datetime as dt

from django.db import migrations

BASIS = "Nghị định 61/2018/NĐ-CP, Điều 31"
FROM = dt.date(2018, 6, 21)

CRITERIA = [
    ("processing_time", "Thời gian giải quyết hồ sơ so với thời hạn quy định", False),
    ("agencies_contacted", "Số lượng cơ quan, đơn vị phải liên hệ để hoàn thành thủ tục", False),
    ("contacts_needed", "Số lần phải liên hệ với cơ quan, đơn vị để hoàn thành thủ tục", False),
    ("published_info", "Tính chính xác của thông tin công khai về thủ tục hành chính", False),
    (
        "staff_attitude",
        "Thái độ của cán bộ, công chức, viên chức khi hướng dẫn, tiếp nhận, giải quyết hồ sơ",
        False,
    ),
    ("lawful_result", "Kết quả giải quyết hồ sơ đúng quy định", False),
    ("lawful_cost", "Chi phí (phí, lệ phí) phải nộp đúng quy định", False),
    ("feedback_handling", "Việc tiếp nhận, xử lý phản ánh, kiến nghị", False),
    ("online_service", "Chất lượng dịch vụ công trực tuyến", True),
]


def seed(apps, schema_editor):
    RatingCriterion = apps.get_model("evaluation", "RatingCriterion")
    for order, (code, question, online_only) in enumerate(CRITERIA, start=1):
        RatingCriterion.objects.update_or_create(
            code=code,
            defaults={
                "question": question,
                "order": order,
                "online_only": online_only,
                "legal_basis": BASIS,
                "valid_from": FROM,
                "valid_to": None,
            },
        )


def unseed(apps, schema_editor):
    RatingCriterion = apps.get_model("evaluation", "RatingCriterion")
    RatingCriterion.objects.filter(code__in=[c[0] for c in CRITERIA], answers__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("evaluation", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(seed, unseed),
    ]
