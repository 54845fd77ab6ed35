"""Admin for the announced calendar changes (reference data kept by the center)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from motcua.worktime import services
from motcua.worktime.models import CalendarChange, CalendarChangeKind


class YearFilter(admin.SimpleListFilter):
    title = _("năm")
    parameter_name = "year"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        years = CalendarChange.objects.dates("date", "year", order="DESC")
        return [(str(day.year), str(day.year)) for day in years]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        value = self.value()
        if value and value.isdigit():
            return queryset.filter(date__year=int(value))
        return queryset


class CalendarChangeForm(forms.ModelForm):
    class Meta:
        model = CalendarChange
        fields = ["date", "kind", "name", "legal_source", "note"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        day: dt.date | None = data.get("date")
        kind = data.get("kind")
        if day is None or kind is None:
            return data
        if not services.FIRST_YEAR <= day.year <= services.LAST_YEAR:
            self.add_error(
                "date",
                _("Ngày phải thuộc các năm %(first)s–%(last)s.")
                % {"first": services.FIRST_YEAR, "last": services.LAST_YEAR},
            )
        else:
            holidays, weekend_workdays = services.package_calendar(day.year)
            if kind == CalendarChangeKind.WORKING_DAY and day.weekday() < 5 and day not in holidays:
                self.add_error(
                    "kind",
                    _(
                        "Ngày %(day)s đã là ngày làm việc bình thường; ngày làm bù là thứ Bảy, "
                        "Chủ nhật hoặc một ngày lễ."
                    )
                    % {"day": f"{day:%d/%m/%Y}"},
                )
            if (
                kind == CalendarChangeKind.DAY_OFF
                and day.weekday() >= 5
                and day not in weekend_workdays
            ):
                self.add_error(
                    "kind",
                    _("Ngày %(day)s đã là ngày nghỉ hằng tuần.") % {"day": f"{day:%d/%m/%Y}"},
                )
        return data


@admin.register(CalendarChange)
class CalendarChangeAdmin(admin.ModelAdmin):
    form = CalendarChangeForm
    list_display = ["day", "weekday", "kind", "name", "legal_source"]
    list_filter = [YearFilter, "kind"]
    search_fields = ["name", "legal_source", "note"]
    date_hierarchy = "date"
    ordering = ["-date"]

    @admin.display(description=_("ngày"), ordering="date")
    def day(self, obj: CalendarChange) -> str:
        return f"{obj.date:%d/%m/%Y}"

    @admin.display(description=_("thứ"))
    def weekday(self, obj: CalendarChange) -> str:
        return services.weekday_name(obj.date)
