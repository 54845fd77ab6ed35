"""The document types of the store, with the folded phrases that recognise them in the names
of required documents. Data: staff may add types and phrases in the admin."""

from django.db import migrations

TYPES = [
    ("CCCD", "Căn cước công dân / Căn cước", ["can cuoc", "chung minh nhan dan", "ho chieu"]),
    ("KHAI_SINH", "Giấy khai sinh", ["giay khai sinh", "trich luc khai sinh"]),
    ("CHUNG_SINH", "Giấy chứng sinh", ["giay chung sinh"]),
    ("KET_HON", "Giấy chứng nhận kết hôn", ["chung nhan ket hon", "trich luc ket hon"]),
    ("TT_HON_NHAN", "Giấy xác nhận tình trạng hôn nhân", ["tinh trang hon nhan"]),
    ("CU_TRU", "Giấy xác nhận thông tin về cư trú", ["cu tru", "ho khau"]),
    (
        "DKDN",
        "Giấy chứng nhận đăng ký doanh nghiệp",
        ["dang ky doanh nghiep", "dang ky kinh doanh"],
    ),
    ("QSDD", "Giấy chứng nhận quyền sử dụng đất", ["quyen su dung dat"]),
    ("UY_QUYEN", "Văn bản ủy quyền", ["van ban uy quyen", "giay uy quyen"]),
    ("BANG_LAI", "Giấy phép lái xe", ["giay phep lai xe"]),
    ("BAO_TU", "Giấy báo tử", ["giay bao tu"]),
]


def forward(apps, schema_editor):
    DocumentType = apps.get_model("documents", "DocumentType")
    for code, name, keywords in TYPES:
        DocumentType.objects.update_or_create(
            code=code, defaults={"name": name, "keywords": keywords}
        )


class Migration(migrations.Migration):
    dependencies = [("documents", "0001_initial")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
