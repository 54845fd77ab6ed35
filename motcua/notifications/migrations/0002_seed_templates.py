"""Vietnamese notification templates per event and channel (editable in the admin).

SMS bodies are written with diacritics for the reader of this file; they are sent
without them and cut to three segments (motcua.notifications.rendering.sms_text)."""

from django.db import migrations

SIGNATURE = "\n\nTrung tâm Phục vụ hành chính công tỉnh Bình Dương\n(Thư gửi tự động, vui lòng không trả lời.)"

# (audience, event, name, sms, email subject, email body)
CITIZEN = [
    (
        "received",
        "Tiếp nhận hồ sơ",
        "Hồ sơ {code} đã được tiếp nhận lúc {received_at}. Hẹn trả kết quả: {due_at}. "
        "Mã tra cứu: {secret} (in trên giấy tiếp nhận). Tra cứu: {lookup_url}",
        "Hồ sơ {code} đã được tiếp nhận",
        "Kính gửi {applicant},\n\n"
        "Hồ sơ {code} — {procedure} — đã được {receiving_unit} tiếp nhận lúc {received_at}.\n"
        "Ngày hẹn trả kết quả: {due_at}.\n\n"
        "Để tra cứu tình trạng hồ sơ, dùng mã hồ sơ và mã tra cứu {secret} "
        "(in trên giấy tiếp nhận và hẹn trả kết quả) tại: {lookup_url}",
    ),
    (
        "submitted",
        "Đã nhận hồ sơ nộp trực tuyến",
        "Hồ sơ {code} đã được gửi trực tuyến và đang chờ kiểm tra. Mã tra cứu: {secret}. "
        "Tra cứu: {lookup_url}",
        "Đã nhận hồ sơ trực tuyến {code}",
        "Kính gửi {applicant},\n\n"
        "Hệ thống đã nhận hồ sơ trực tuyến {code} — {procedure}.\n"
        "Bộ phận một cửa ({receiving_unit}) sẽ kiểm tra và thông báo việc tiếp nhận, yêu cầu "
        "bổ sung hoặc từ chối tiếp nhận. Thời hạn giải quyết tính từ khi hồ sơ được tiếp nhận.\n\n"
        "Mã tra cứu: {secret}. Tra cứu tại: {lookup_url}",
    ),
    (
        "supplement_at_desk",
        "Yêu cầu bổ sung (khi kiểm tra hồ sơ)",
        "Hồ sơ {code} cần bổ sung: {items}. Chi tiết: {lookup_url}",
        "Hồ sơ {code} cần bổ sung, hoàn thiện",
        "Kính gửi {applicant},\n\n"
        "Hồ sơ {code} — {procedure} — cần bổ sung, hoàn thiện trước khi được tiếp nhận:\n"
        "{items_list}\n\n"
        "Vui lòng bổ sung một lần đầy đủ các thành phần trên. Chi tiết: {lookup_url}",
    ),
    (
        "supplement",
        "Yêu cầu bổ sung (trong khi giải quyết)",
        "Hồ sơ {code} cần bổ sung: {items}. Thời hạn giải quyết tính lại khi nhận đủ. "
        "Chi tiết: {lookup_url}",
        "Hồ sơ {code} cần bổ sung",
        "Kính gửi {applicant},\n\n"
        "Trong quá trình giải quyết, hồ sơ {code} — {procedure} — cần bổ sung:\n"
        "{items_list}\n\n"
        "Thời hạn giải quyết được tính lại từ khi nhận đủ hồ sơ bổ sung. "
        "Chi tiết: {lookup_url}",
    ),
    (
        "supplement_received",
        "Đã nhận hồ sơ bổ sung",
        "Hồ sơ {code} đã nhận đủ bổ sung. Hẹn trả kết quả mới: {due_at}.",
        "Hồ sơ {code}: đã nhận hồ sơ bổ sung",
        "Kính gửi {applicant},\n\nHồ sơ {code} đã nhận đủ phần bổ sung. "
        "Ngày hẹn trả kết quả mới: {due_at}.\n\nTra cứu: {lookup_url}",
    ),
    (
        "refused_at_desk",
        "Từ chối tiếp nhận",
        "Hồ sơ {code} không được tiếp nhận. Lý do: {reasons}.",
        "Hồ sơ {code} không được tiếp nhận",
        "Kính gửi {applicant},\n\nHồ sơ {code} — {procedure} — không được tiếp nhận.\n"
        "Lý do: {reasons}.\n\nTra cứu: {lookup_url}",
    ),
    (
        "refused",
        "Từ chối giải quyết",
        "Hồ sơ {code} không được giải quyết. Lý do: {reasons}. Mời nhận văn bản trả lời.",
        "Hồ sơ {code} không được giải quyết",
        "Kính gửi {applicant},\n\nHồ sơ {code} — {procedure} — không được giải quyết.\n"
        "Lý do: {reasons}.\n\nMời ông/bà nhận văn bản trả lời tại {receiving_unit}. "
        "Tra cứu: {lookup_url}",
    ),
    (
        "apology",
        "Xin lỗi và hẹn lại ngày trả",
        "Xin lỗi ông/bà: hồ sơ {code} chậm so với hẹn {old_due_at}. "
        "Hẹn trả kết quả mới: {new_due_at}.",
        "Hồ sơ {code}: thư xin lỗi và hẹn lại ngày trả kết quả",
        "Kính gửi {applicant},\n\n"
        "Hồ sơ {code} — {procedure} — không kịp trả kết quả đúng hẹn {old_due_at}.\n"
        "Lý do: {apology_reason}.\n\n"
        "Chúng tôi thành thật xin lỗi ông/bà. Ngày hẹn trả kết quả mới: {new_due_at}.\n\n"
        "Tra cứu: {lookup_url}",
    ),
    (
        "done",
        "Có kết quả",
        "Hồ sơ {code} đã có kết quả. Mời nhận kết quả tại {receiving_unit} "
        "hoặc xem tại {lookup_url}",
        "Hồ sơ {code} đã có kết quả",
        "Kính gửi {applicant},\n\nHồ sơ {code} — {procedure} — đã có kết quả.\n"
        "Mời ông/bà nhận kết quả tại {receiving_unit}, hoặc tải kết quả điện tử "
        "(nếu có) tại: {lookup_url}",
    ),
    (
        "returned",
        "Đã trả kết quả",
        "Hồ sơ {code} đã trả kết quả lúc {returned_at}. Mời đánh giá: {lookup_url}",
        "Hồ sơ {code} đã trả kết quả",
        "Kính gửi {applicant},\n\nKết quả hồ sơ {code} — {procedure} — đã được trả lúc "
        "{returned_at}.\nMời ông/bà đánh giá mức độ hài lòng tại: {lookup_url}",
    ),
    (
        "stopped",
        "Dừng giải quyết",
        "Hồ sơ {code} đã dừng giải quyết theo đề nghị của ông/bà.",
        "Hồ sơ {code} đã dừng giải quyết",
        "Kính gửi {applicant},\n\nTheo đề nghị của ông/bà, hồ sơ {code} — {procedure} — "
        "đã dừng giải quyết.\n\nTra cứu: {lookup_url}",
    ),
    (
        "obligation",
        "Thực hiện nghĩa vụ tài chính",
        "{text}",
        "Hồ sơ {code}: đề nghị thực hiện nghĩa vụ tài chính",
        "Kính gửi {applicant},\n\n{text}\n\nTra cứu: {lookup_url}",
    ),
    (
        "feedback_answered",
        "Trả lời phản ánh, kiến nghị",
        "Phản ánh, kiến nghị của ông/bà đã được trả lời. {text}",
        "Trả lời phản ánh, kiến nghị",
        "Kính gửi ông/bà,\n\nPhản ánh, kiến nghị của ông/bà đã được trả lời:\n\n{text}",
    ),
]

STAFF = [
    (
        "due_soon",
        "Hồ sơ sắp đến hạn",
        "[Sắp đến hạn] Hồ sơ {code}",
        "Kính gửi {name},\n\nHồ sơ {code} — {procedure} — sắp đến hạn trả kết quả ({due_at}).",
    ),
    (
        "overdue",
        "Hồ sơ quá hạn",
        "[Quá hạn] Hồ sơ {code}",
        "Kính gửi {name},\n\nHồ sơ {code} — {procedure} — đã quá hạn trả kết quả ({due_at}). "
        "Đề nghị xử lý và lập văn bản xin lỗi, hẹn lại ngày trả nếu cần.",
    ),
    (
        "default",
        "Thông báo nghiệp vụ (mặc định)",
        "Hồ sơ {code}: {subject}",
        "Kính gửi {name},\n\n{text}",
    ),
]


def seed(apps, schema_editor):
    Template = apps.get_model("notifications", "NotificationTemplate")
    for event, name, sms, subject, body in CITIZEN:
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
    for event, name, subject, body in STAFF:
        Template.objects.update_or_create(
            audience="staff",
            event=event,
            channel="email",
            defaults={"name": name, "subject": subject, "body": body + SIGNATURE, "active": True},
        )


def unseed(apps, schema_editor):
    apps.get_model("notifications", "NotificationTemplate").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("notifications", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
