"""Notification templates (Vietnamese text per event and channel, as data) and the
delivery log (one row per try of one channel to one recipient of one outbox message)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Audience(models.TextChoices):
    CITIZEN = "citizen", _("Công dân, tổ chức")
    STAFF = "staff", _("Cán bộ")


class NotificationChannel(models.TextChoices):
    SMS = "sms", _("SMS")
    EMAIL = "email", _("E-mail")


class DeliveryStatus(models.TextChoices):
    SENT = "sent", _("Đã gửi")
    FAILED = "failed", _("Lỗi")


class NotificationTemplate(models.Model):
    """The text sent for one event on one channel. `event` is the `template` name the
    dossier services put in the outbox payload (received, supplement, apology, done, …).
    `subject` and `body` hold {placeholders} filled with str.format_map from a fixed set of
    names (see motcua.notifications.rendering.PLACEHOLDERS); SMS bodies are sent without
    diacritics and cut to three segments."""

    audience = models.CharField(_("người nhận"), max_length=10, choices=Audience.choices)
    event = models.CharField(_("sự kiện"), max_length=40)
    channel = models.CharField(_("kênh"), max_length=10, choices=NotificationChannel.choices)
    name = models.CharField(_("tên"), max_length=200)
    subject = models.CharField(_("tiêu đề (e-mail)"), max_length=300, blank=True)
    body = models.TextField(_("nội dung"))
    active = models.BooleanField(_("đang dùng"), default=True)

    class Meta:
        verbose_name = _("mẫu thông báo")
        verbose_name_plural = _("mẫu thông báo")
        ordering = ["audience", "event", "channel"]
        constraints = [
            models.UniqueConstraint(
                fields=["audience", "event", "channel"], name="notification_template_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_channel_display()})"


class NotificationDelivery(models.Model):
    """One try to send one outbox message on one channel to one recipient. A channel that
    succeeded for a recipient of a message is never sent again for that message (the
    partial unique constraint makes a second "sent" row impossible)."""

    message = models.ForeignKey(
        "dossiers.OutboxMessage",
        verbose_name=_("thông điệp"),
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    dossier = models.ForeignKey(
        "dossiers.Dossier",
        verbose_name=_("hồ sơ"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    code = models.CharField(_("mã hồ sơ"), max_length=60, blank=True)
    audience = models.CharField(_("người nhận"), max_length=10, choices=Audience.choices)
    event = models.CharField(_("sự kiện"), max_length=40, blank=True)
    channel = models.CharField(_("kênh"), max_length=10, choices=NotificationChannel.choices)
    to = models.CharField(_("gửi đến"), max_length=254)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cán bộ nhận"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(_("kết quả"), max_length=10, choices=DeliveryStatus.choices)
    provider_id = models.CharField(_("mã của nhà cung cấp"), max_length=200, blank=True)
    error = models.TextField(_("lỗi"), blank=True)
    at = models.DateTimeField(_("lúc"))
    attempt = models.PositiveSmallIntegerField(_("lần thử"))

    class Meta:
        verbose_name = _("lượt gửi thông báo")
        verbose_name_plural = _("nhật ký gửi thông báo")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["-at", "-id"], name="notif_delivery_at"),
            models.Index(fields=["dossier", "-at"], name="notif_delivery_dossier"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["message", "channel", "to"],
                condition=Q(status="sent"),
                name="notif_delivery_sent_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.message_id} {self.channel} {self.status}"


class OutboxRetry(models.Model):
    """A dead outbox message put back in the queue by an operator (the audit of the
    "thử lại" action)."""

    message = models.ForeignKey(
        "dossiers.OutboxMessage",
        verbose_name=_("thông điệp"),
        on_delete=models.CASCADE,
        related_name="retries",
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("lúc"))
    attempts_before = models.PositiveSmallIntegerField(_("số lần đã thử"))
    error_before = models.TextField(_("lỗi gần nhất"), blank=True)

    class Meta:
        verbose_name = _("lần gửi lại")
        verbose_name_plural = _("các lần gửi lại")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.message_id} {self.at:%d/%m/%Y %H:%M}"
