"""Admin for users, memberships, API tokens and login failures."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from motcua.accounts.adminforms import ServiceAdminMixin, ServiceModelForm
from motcua.accounts.models import ApiToken, LoginFailure, Membership, User
from motcua.accounts.services import membership_end, membership_grant
from motcua.accounts.tokens import token_issue, token_revoke
from motcua.core.clock import now


# --- Users --------------------------------------------------------------------------------
class UserCreationForm(auth_forms.UserCreationForm):
    class Meta(auth_forms.UserCreationForm.Meta):
        model = User
        fields = ("username", "full_name", "email")


class UserChangeForm(auth_forms.UserChangeForm):
    class Meta(auth_forms.UserChangeForm.Meta):
        model = User
        fields = "__all__"


class MembershipInline(admin.TabularInline):
    """Read-only here: memberships are granted and ended through their own page (services)."""

    model = Membership
    fk_name = "user"
    extra = 0
    can_delete = False
    fields = ("role", "unit", "valid_from", "valid_to")
    readonly_fields = fields
    show_change_link = True
    verbose_name_plural = _("phân công (thêm hoặc kết thúc tại mục Phân công)")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = UserChangeForm
    add_form = UserCreationForm
    list_display = ("username", "full_name", "email", "is_active", "is_staff", "is_system")
    list_filter = ("is_active", "is_staff", "is_superuser", "is_system", "groups")
    search_fields = ("username", "full_name", "email", "citizen_id", "phone")
    ordering = ("username",)
    inlines = (MembershipInline,)
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Thông tin cá nhân"), {"fields": ("full_name", "email", "phone", "citizen_id")}),
        (
            _("Quyền"),
            {
                "fields": (
                    "is_active",
                    "is_staff",
                    "is_superuser",
                    "is_system",
                    "groups",
                    "user_permissions",
                )
            },
        ),
        (_("Thời điểm"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "full_name", "email", "password1", "password2"),
            },
        ),
    )

    def get_inlines(self, request: HttpRequest, obj: Any = None) -> tuple[type, ...]:
        return self.inlines if obj is not None else ()


# --- Memberships --------------------------------------------------------------------------
class MembershipForm(ServiceModelForm):
    class Meta:
        model = Membership
        fields = ("user", "unit", "role", "valid_from", "valid_to")

    def run_service(self, data: dict[str, Any]) -> Membership:
        if self.instance.pk is None:
            return membership_grant(
                user=data["user"],
                unit=data["unit"],
                role=data["role"],
                valid_from=data["valid_from"],
                valid_to=data.get("valid_to"),
                by=self.acting_user,
            )
        membership: Membership = self.instance
        valid_to: dt.date | None = data.get("valid_to")
        if valid_to is None:
            if Membership.objects.filter(pk=membership.pk, valid_to__isnull=False).exists():
                self.add_error("valid_to", _("Không thể bỏ ngày kết thúc; hãy phân công lại."))
            return membership
        return membership_end(
            membership=membership, valid_to=valid_to, by=self.acting_user, at=now()
        )


@admin.register(Membership)
class MembershipAdmin(ServiceAdminMixin, admin.ModelAdmin):
    form = MembershipForm
    list_display = ("user", "role", "unit", "valid_from", "valid_to")
    list_filter = ("role", "unit__kind")
    search_fields = ("user__username", "user__full_name", "unit__name", "unit__code")
    autocomplete_fields = ("user", "unit")
    date_hierarchy = "valid_from"
    list_select_related = ("user", "unit")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        return ("user", "unit", "role", "valid_from") if obj is not None else ()


# --- API tokens ---------------------------------------------------------------------------
class TokenIssueForm(forms.Form):
    user = forms.ModelChoiceField(
        label=_("Người dùng"), queryset=User.objects.filter(is_active=True).order_by("username")
    )
    name = forms.CharField(label=_("Tên gợi nhớ"), max_length=100)
    days = forms.IntegerField(
        label=_("Hết hạn sau (ngày)"),
        min_value=1,
        max_value=3650,
        required=False,
        help_text=_("Để trống nếu mã không hết hạn."),
    )


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are issued through `token_issue` (the raw token is shown once, on the page
    that follows the form) and revoked with the action; nothing else is editable."""

    list_display = (
        "name",
        "user",
        "prefix",
        "created_at",
        "last_used_at",
        "expires_at",
        "revoked_at",
    )
    list_filter = (("revoked_at", admin.EmptyFieldListFilter),)
    search_fields = ("name", "prefix", "user__username", "user__full_name")
    list_select_related = ("user",)
    readonly_fields = (
        "user",
        "name",
        "prefix",
        "created_at",
        "last_used_at",
        "expires_at",
        "revoked_at",
    )
    exclude = ("token_hash",)
    actions = ("revoke",)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.action(description=_("Thu hồi các mã đã chọn"), permissions=["delete"])
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        at = now()
        count = 0
        for token in queryset.filter(revoked_at__isnull=True):
            token_revoke(token=token, at=at)
            count += 1
        self.message_user(request, _("Đã thu hồi %(n)s mã.") % {"n": count}, messages.SUCCESS)

    def add_view(
        self, request: HttpRequest, form_url: str = "", extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        if not self.has_add_permission(request):
            return HttpResponseRedirect(reverse("admin:accounts_apitoken_changelist"))
        form = TokenIssueForm(request.POST or None)
        context: dict[str, Any] = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Cấp mã truy cập API"),
            "form": form,
        }
        if request.method == "POST" and form.is_valid():
            days = form.cleaned_data["days"]
            expires_at = now() + dt.timedelta(days=days) if days else None
            token, raw = token_issue(
                user=form.cleaned_data["user"],
                name=form.cleaned_data["name"],
                expires_at=expires_at,
            )
            self.log_addition(request, token, [{"added": {}}])
            context.update({"title": _("Đã cấp mã truy cập"), "token": token, "raw": raw})
            response = TemplateResponse(request, "admin/accounts/apitoken/issued.html", context)
            response["Cache-Control"] = "no-store"
            return response
        return TemplateResponse(request, "admin/accounts/apitoken/issue.html", context)


# --- Login failures -----------------------------------------------------------------------
@admin.register(LoginFailure)
class LoginFailureAdmin(admin.ModelAdmin):
    list_display = ("identifier", "at", "ip")
    search_fields = ("identifier", "ip")
    date_hierarchy = "at"
    readonly_fields = ("identifier", "at", "ip")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
