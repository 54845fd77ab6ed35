"""Decision 766: the "feedback handled on time" indicator (motcua.feedback), in the
satisfaction group beside the citizens' satisfaction, which gives it 6 of its 18 points
(per-indicator points are unverified data: DOMAIN.md §7). A satisfaction row whose points
were already changed in the admin is left as it is."""

import datetime as dt
from decimal import Decimal

from django.db import migrations

VALID_FROM = dt.date(2022, 6, 23)
FEEDBACK = {
    "group": "satisfaction",
    "name": "Tỷ lệ phản ánh, kiến nghị được xử lý đúng hạn",
    "points": Decimal(6),
    "target": None,
    "formula": "Phản ánh, kiến nghị xử lý xong đúng hạn / phản ánh, kiến nghị đến hạn xử lý "
    "trong kỳ (đã xử lý hoặc đã quá hạn)",
    "drill": "feedback",
    "order": 10,
}


def seed(apps, schema_editor):
    model = apps.get_model("evaluation", "IndexIndicator")
    model.objects.filter(code="satisfaction", valid_from=VALID_FROM, points=Decimal(18)).update(
        points=Decimal(12)
    )
    model.objects.update_or_create(
        code="feedback_on_time", valid_from=VALID_FROM, defaults=FEEDBACK
    )


def unseed(apps, schema_editor):
    model = apps.get_model("evaluation", "IndexIndicator")
    model.objects.filter(code="feedback_on_time", valid_from=VALID_FROM).delete()
    model.objects.filter(code="satisfaction", valid_from=VALID_FROM, points=Decimal(12)).update(
        points=Decimal(18)
    )


class Migration(migrations.Migration):
    dependencies = [("evaluation", "0004_seed_index_indicators")]
    operations = [migrations.RunPython(seed, unseed)]
