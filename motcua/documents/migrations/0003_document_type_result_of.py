"""Which procedures' results are documents of which type (data, kept in the admin): results
pushed to the citizen's store take their type from here, never from the procedure's name
(a name such as "… người nước ngoài đang cư trú tại Việt Nam" matched the residence type).
The codes are the national codes of the procedures whose result is that document."""

from django.db import migrations, models

RESULT_OF = {
    "KHAI_SINH": ["1.001193", "BD.HT.09"],
    "KET_HON": ["1.000894"],
    "TT_HON_NHAN": ["1.004873"],
    "DKDN": ["BD.DKKD.01", "BD.DKKD.02", "BD.DKKD.03", "BD.DKKD.04"],
    "QSDD": ["BD.DD.01", "BD.DD.03", "BD.DD.04"],
    "BANG_LAI": ["BD.DB.01", "BD.DB.02"],
}
NEW_TYPES = [
    # No phrase: required documents that name it are declarations ("Tờ khai yêu cầu cấp
    # Phiếu lý lịch tư pháp"), not the certificate itself.
    ("PHIEU_LLTP", "Phiếu lý lịch tư pháp", [], ["2.001417", "BD.LLTP.02"]),
    ("TRICH_LUC_KHAI_TU", "Trích lục khai tử", ["trich luc khai tu"], ["1.000656"]),
]


def forward(apps, schema_editor):
    DocumentType = apps.get_model("documents", "DocumentType")
    for code, result_of in RESULT_OF.items():
        DocumentType.objects.filter(code=code).update(result_of=result_of)
    for code, name, keywords, result_of in NEW_TYPES:
        DocumentType.objects.update_or_create(
            code=code, defaults={"name": name, "keywords": keywords, "result_of": result_of}
        )


class Migration(migrations.Migration):
    dependencies = [("documents", "0002_document_types")]

    operations = [
        migrations.AddField(
            model_name="documenttype",
            name="result_of",
            field=models.JSONField(
                blank=True,
                default=list,
                help_text="Mã thủ tục hành chính (vd. 1.001193) có kết quả là loại giấy tờ này.",
                verbose_name="là kết quả của thủ tục (mã thủ tục)",
            ),
        ),
        migrations.RunPython(forward, migrations.RunPython.noop),
    ]
