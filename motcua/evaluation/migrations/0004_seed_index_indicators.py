"""Seed the Decision 766/QĐ-TTg indicators (DOMAIN.md §7 defaults; points unverified)."""

import datetime as dt
from decimal import Decimal

from django.db import migrations

VALID_FROM = dt.date(2022, 6, 23)
# code, group, name, points, target, formula, drill
INDICATORS = [
    (
        "published_procedures",
        "publicity",
        "Tỷ lệ TTHC đang áp dụng được công bố, công khai",
        "18",
        None,
        "TTHC đang áp dụng có trạng thái công bố / TTHC đang áp dụng của cơ quan",
        "",
    ),
    (
        "on_time",
        "progress",
        "Tỷ lệ hồ sơ giải quyết đúng hạn",
        "20",
        None,
        "Hồ sơ có kết quả trong kỳ, (thời điểm có kết quả − thời gian chờ bổ sung) ≤ hạn ban đầu "
        "và không quá 1 lần yêu cầu bổ sung / hồ sơ có kết quả trong kỳ",
        "resolved",
    ),
    (
        "online_procedures",
        "online_service",
        "Tỷ lệ TTHC cung cấp dịch vụ công trực tuyến",
        "6",
        None,
        "TTHC trực tuyến toàn trình hoặc một phần / TTHC đang áp dụng của cơ quan",
        "",
    ),
    (
        "online_dossiers",
        "online_service",
        "Tỷ lệ hồ sơ nộp trực tuyến",
        "6",
        "0.5",
        "Hồ sơ tiếp nhận trực tuyến trong kỳ / hồ sơ tiếp nhận trong kỳ (mục tiêu 50%)",
        "received",
    ),
    (
        "digitised",
        "digitisation",
        "Tỷ lệ hồ sơ được số hóa",
        "8",
        "0.8",
        "Hồ sơ tiếp nhận trong kỳ có thành phần được số hóa / hồ sơ tiếp nhận (80%)",
        "received",
    ),
    (
        "electronic_results",
        "digitisation",
        "Tỷ lệ kết quả giải quyết được số hóa (kết quả điện tử)",
        "7",
        "0.8",
        "Hồ sơ có kết quả trong kỳ có kết quả điện tử / hồ sơ có kết quả (80%)",
        "resolved",
    ),
    (
        "reused",
        "digitisation",
        "Tỷ lệ khai thác, sử dụng lại dữ liệu số hóa",
        "7",
        "0.8",
        "Hồ sơ dùng lại dữ liệu từ kho / hồ sơ được số hóa trong kỳ (80%)",
        "received",
    ),
    (
        "online_payment",
        "online_payment",
        "Tỷ lệ hồ sơ thanh toán trực tuyến",
        "10",
        None,
        "Hồ sơ có khoản thanh toán trực tuyến thành công / hồ sơ đã thanh toán phí",
        "received",
    ),
    (
        "satisfaction",
        "satisfaction",
        "Tỷ lệ hài lòng của người dân, doanh nghiệp",
        "18",
        "0.9",
        "Đánh giá hài lòng ở mọi tiêu chí / hồ sơ được đánh giá (mục tiêu 90%)",
        "resolved",
    ),
]


def seed(apps, schema_editor):
    model = apps.get_model("evaluation", "IndexIndicator")
    for order, (code, group, name, points, target, formula, drill) in enumerate(INDICATORS, 1):
        model.objects.update_or_create(
            code=code,
            valid_from=VALID_FROM,
            defaults={
                "group": group,
                "name": name,
                "points": Decimal(points),
                "target": Decimal(target) if target else None,
                "formula": formula,
                "drill": drill,
                "order": order,
            },
        )


def unseed(apps, schema_editor):
    apps.get_model("evaluation", "IndexIndicator").objects.filter(valid_from=VALID_FROM).delete()


class Migration(migrations.Migration):
    dependencies = [("evaluation", "0003_index_indicators")]
    operations = [migrations.RunPython(seed, unseed)]
