"""Reference data of the feedback app:

- the deadlines of feedback handling (DOMAIN.md §9, national practice; working days):
  classify and refuse ≤ 2, ask for more information ≤ 5, forward outside competence ≤ 5,
  answer ≤ 15, publish ≤ 2 after the answer. Amend them by closing this row (`valid_to`)
  and adding a new one from the day the new text applies — never by editing days that old
  items were given;
- the citizen's notification templates of the feedback events (SMS and e-mail, editable in
  the admin like those of motcua.notifications; SMS text is sent without diacritics).
"""

import datetime as dt

from django.db import migrations

RULE = {
    "code": "pakn-2018",
    "basis": "Nghị định 20/2008/NĐ-CP (sửa đổi bởi Nghị định 92/2017/NĐ-CP); "
    "thực tiễn xử lý phản ánh, kiến nghị trên Cổng DVCQG",
    "valid_from": dt.date(2018, 1, 1),
    "valid_to": None,
    "classify_days": 2,
    "reject_days": 2,
    "info_request_days": 5,
    "forward_days": 5,
    "answer_days": 15,
    "publish_days": 2,
    "answer_restarts_after_info": True,
    "due_soon_days": 1,
}

SIGNATURE = (
    "\n\nTrung tâm Phục vụ hành chính công tỉnh Bình Dương\n"
    "(Thư gửi tự động, vui lòng không trả lời.)"
)

# event, name, sms, e-mail subject, e-mail body
TEMPLATES = [
    (
        "feedback_received",
        "Tiếp nhận phản ánh, kiến nghị",
        "Phản ánh, kiến nghị {code} đã được tiếp nhận lúc {received_at}. Mã tra cứu: {secret}. "
        "Hạn trả lời: {due_at}. Tra cứu: {lookup_url}",
        "Đã tiếp nhận phản ánh, kiến nghị {code}",
        "Kính gửi {applicant},\n\n"
        "Phản ánh, kiến nghị của Ông/Bà đã được tiếp nhận lúc {received_at}, mã {code}.\n"
        "Thời hạn trả lời dự kiến: {due_at} (tính theo ngày làm việc; có thể thay đổi nếu cần "
        "bổ sung thông tin hoặc phản ánh không thuộc thẩm quyền).\n\n"
        "Để theo dõi kết quả, dùng mã {code} và mã tra cứu {secret} tại: {lookup_url}",
    ),
    (
        "feedback_info_requested",
        "Đề nghị bổ sung thông tin phản ánh",
        "Phản ánh {code} cần bổ sung thông tin: {items}. Bổ sung tại: {lookup_url}",
        "Phản ánh, kiến nghị {code} cần bổ sung thông tin",
        "Kính gửi {applicant},\n\n"
        "Để xử lý phản ánh, kiến nghị {code}, đề nghị Ông/Bà bổ sung thông tin sau:\n"
        "{items_list}\n\n"
        "Ông/Bà bổ sung trên trang tra cứu (mã {code}, mã tra cứu {secret}): {lookup_url}",
    ),
    (
        "feedback_answered",
        "Trả lời phản ánh, kiến nghị",
        "Phản ánh, kiến nghị {code} đã có văn bản trả lời. Xem nội dung tại: {lookup_url}",
        "Trả lời phản ánh, kiến nghị {code}",
        "Kính gửi {applicant},\n\n"
        "Phản ánh, kiến nghị {code} của Ông/Bà đã có văn bản trả lời:\n\n{text}\n\n"
        "Xem toàn văn tại: {lookup_url}",
    ),
    (
        "feedback_rejected",
        "Không tiếp nhận phản ánh, kiến nghị",
        "Phản ánh {code} không đủ điều kiện tiếp nhận. Lý do: {reasons}. Chi tiết: {lookup_url}",
        "Phản ánh, kiến nghị {code} không đủ điều kiện tiếp nhận",
        "Kính gửi {applicant},\n\n"
        "Phản ánh, kiến nghị {code} không đủ điều kiện tiếp nhận, xử lý.\nLý do: {reasons}\n\n"
        "Chi tiết: {lookup_url}",
    ),
    (
        "feedback_forwarded",
        "Chuyển phản ánh đến cơ quan có thẩm quyền",
        "Phản ánh {code} không thuộc thẩm quyền, đã được chuyển: {text} Chi tiết: {lookup_url}",
        "Phản ánh, kiến nghị {code} đã được chuyển cơ quan có thẩm quyền",
        "Kính gửi {applicant},\n\n"
        "Phản ánh, kiến nghị {code} không thuộc thẩm quyền giải quyết của Trung tâm. {text}\n\n"
        "Chi tiết: {lookup_url}",
    ),
]


def seed(apps, schema_editor):
    Rule = apps.get_model("feedback", "FeedbackRule")
    Rule.objects.update_or_create(code=RULE["code"], defaults=RULE)
    Template = apps.get_model("notifications", "NotificationTemplate")
    for event, name, sms, subject, body in TEMPLATES:
        Template.objects.update_or_create(
            audience="citizen",
            event=event,
            channel="sms",
            defaults={"name": name, "subject": "", "body": sms, "active": True},
        )
        Template.objects.update_or_create(
            audience="citizen",
            event=event,
            channel="email",
            defaults={"name": name, "subject": subject, "body": body + SIGNATURE, "active": True},
        )


def unseed(apps, schema_editor):
    apps.get_model("notifications", "NotificationTemplate").objects.filter(
        event__in=[t[0] for t in TEMPLATES]
    ).delete()
    apps.get_model("feedback", "FeedbackRule").objects.filter(
        code=RULE["code"], feedbackitem__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("feedback", "0001_initial"),
        ("notifications", "0002_seed_templates"),
    ]
    operations = [migrations.RunPython(seed, unseed)]
