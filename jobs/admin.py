from __future__ import annotations

from decimal import Decimal

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.response import TemplateResponse
from django.utils import timezone

from goodwork.core.admin import AdminDateField, GovukDatesAdminMixin
from goodwork.core.admin_actions import CsvExportAdminMixin, export_selected_as_csv
from goodwork.core.forms import AsciiDecimalField, AsciiIntegerField
from goodwork.core.templatetags.govuk import pounds
from jobs import services
from jobs.choices import FLEXIBLE_PLACES, Place, TimeOption
from jobs.figures import latest_publication_on, living_wage_rates_with_use
from jobs.forms import HOURS_A_WEEK, PAY_AN_HOUR
from jobs.models import FlexibleJobsSnapshot, LivingWageRate, MinimumWageRate, Vacancy

REJECT_NOTE_MISSING = (
    "Say why the vacancy is being sent back, so the employer knows what to change."
)
LLW_RATE_BEFORE_PUBLISHED = (
    "Vacancies have already been published on or after that date (the latest on {day}) and were "
    "judged against the rate then in force. Choose a date after {day}."
)
LLW_RATE_IN_USE = (
    "Vacancies were published while this rate was in force, so it can no longer be changed. "
    "To record a new rate, add one."
)


# -- Vacancies ---------------------------------------------------------------------------------


class LiveFilter(admin.SimpleListFilter):
    title = "live now"
    parameter_name = "live"

    def lookups(self, request, model_admin):
        return [("yes", "Live"), ("no", "Not live")]

    def queryset(self, request, queryset):
        live = Vacancy.objects.live().values("pk")
        if self.value() == "yes":
            return queryset.filter(pk__in=live)
        if self.value() == "no":
            return queryset.exclude(pk__in=live)
        return queryset


class FlexibleOptionFilter(admin.SimpleListFilter):
    title = "offers a flexible option"
    parameter_name = "flexible"

    def lookups(self, request, model_admin):
        return [("yes", "At least one option"), ("talk", "Happy to talk only"), ("no", "No option")]

    def queryset(self, request, queryset):
        offering = queryset.offering_concrete_flexibility().values("pk")
        if self.value() == "yes":
            return queryset.filter(pk__in=offering)
        if self.value() == "talk":
            return queryset.exclude(pk__in=offering).happy_to_talk()
        if self.value() == "no":
            return queryset.exclude(pk__in=offering)
        return queryset


class RejectVacanciesForm(forms.Form):
    note = forms.CharField(
        label="Why is the vacancy being sent back?",
        help_text="The employer sees this note. Say what must change before it can be approved.",
        widget=forms.Textarea(attrs={"rows": 5, "cols": 60}),
        max_length=2000,
        error_messages={"required": REJECT_NOTE_MISSING},
    )


class VacancyAdminForm(forms.ModelForm):
    time_options = forms.MultipleChoiceField(
        label="Flexible options (when and how much)",
        choices=TimeOption.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    apply_url = forms.URLField(
        label="Link to apply", max_length=500, required=False, assume_scheme="https"
    )

    class Meta:
        model = Vacancy
        fields = [
            "organisation",
            "title",
            "summary",
            "description",
            "sector",
            "contract_type",
            "hours_min",
            "hours_max",
            "work_pattern",
            "guaranteed_hours",
            "zero_hours",
            "is_shift_based",
            "rota_weeks_ahead",
            "pay_min",
            "pay_max",
            "pay_period",
            "flexibility",
            "time_options",
            "place",
            "flexible_details",
            "address",
            "postcode",
            "ward",
            "start_date",
            "closing_date",
            "apply_url",
            "apply_email",
            "copied_from",
        ]
        # Numbers and dates as every other form of the portal reads them: ASCII digits only,
        # no exponents, within the bounds the job search and the posting form keep to.
        field_classes = {
            "hours_min": AsciiDecimalField.preset(**HOURS_A_WEEK),
            "hours_max": AsciiDecimalField.preset(**HOURS_A_WEEK),
            "guaranteed_hours": AsciiDecimalField.preset(**{**HOURS_A_WEEK, "min_value": 0}),
            "rota_weeks_ahead": AsciiIntegerField.preset(min_value=0, max_value=52),
            "pay_min": AsciiDecimalField.preset(
                min_value=Decimal("0"), max_value=Decimal("999999.99"), decimal_places=2
            ),
            "pay_max": AsciiDecimalField.preset(
                min_value=Decimal("0"), max_value=Decimal("999999.99"), decimal_places=2
            ),
            "start_date": AdminDateField.preset(label_in_errors="The start date"),
            "closing_date": AdminDateField.preset(label_in_errors="The closing date"),
        }


@admin.register(Vacancy)
class VacancyAdmin(GovukDatesAdminMixin, CsvExportAdminMixin, admin.ModelAdmin):
    form = VacancyAdminForm
    list_display = [
        "title",
        "organisation",
        "status",
        "to_review",
        "sector",
        "contract_type",
        "flexible_options",
        "pay_an_hour",
        "pays_living_wage",
        "closing_date",
        "published_at",
    ]
    list_filter = [
        "status",
        LiveFilter,
        FlexibleOptionFilter,
        "sector",
        "contract_type",
        "place",
        "flexibility",
        "pays_living_wage",
        "zero_hours",
        "ward",
    ]
    search_fields = ["title", "organisation__name", "postcode"]
    date_hierarchy = "published_at"
    list_select_related = ["organisation"]
    list_per_page = 50
    raw_id_fields = ["organisation", "created_by", "copied_from"]
    # Status changes go through the actions, which run the same checks as the employer's pages.
    readonly_fields = [
        "status",
        "moderation_note",
        "sent_back_at",
        "pay_hourly_min",
        "pays_living_wage",
        "created_by",
        "submitted_at",
        "published_at",
        "closed_at",
        "alerts_matched_at",
        "view_count",
        "created_at",
        "updated_at",
    ]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "organisation",
                    "title",
                    "summary",
                    "description",
                    "sector",
                    "contract_type",
                ]
            },
        ),
        (
            "Hours",
            {
                "fields": [
                    "hours_min",
                    "hours_max",
                    "work_pattern",
                    "guaranteed_hours",
                    "zero_hours",
                    "is_shift_based",
                    "rota_weeks_ahead",
                ]
            },
        ),
        (
            "Pay",
            {"fields": ["pay_min", "pay_max", "pay_period", "pay_hourly_min", "pays_living_wage"]},
        ),
        (
            "Flexible working",
            {"fields": ["flexibility", "time_options", "place", "flexible_details"]},
        ),
        (
            "Where and how to apply",
            {
                "fields": [
                    "address",
                    "postcode",
                    "ward",
                    "start_date",
                    "closing_date",
                    "apply_url",
                    "apply_email",
                ]
            },
        ),
        (
            "Moderation and history",
            {
                "fields": [
                    "status",
                    "moderation_note",
                    "sent_back_at",
                    "created_by",
                    "copied_from",
                    "created_at",
                    "submitted_at",
                    "published_at",
                    "closed_at",
                    "updated_at",
                    "alerts_matched_at",
                    "view_count",
                ]
            },
        ),
    ]
    actions = ["approve_selected", "reject_selected", "close_selected", export_selected_as_csv]
    csv_export_fields = [
        ("id", "ID"),
        "title",
        ("organisation__name", "Organisation"),
        "status",
        "sector",
        "contract_type",
        ("time_options", "Flexible options (when and how much)"),
        "place",
        "flexibility",
        ("hours_min", "Hours a week (least)"),
        ("hours_max", "Hours a week (most)"),
        ("pay_min", "Pay (least)"),
        ("pay_max", "Pay (most)"),
        "pay_period",
        ("pay_hourly_min", "Pay an hour (least)"),
        "pays_living_wage",
        "ward",
        "postcode",
        "closing_date",
        "published_at",
    ]

    @admin.display(description="pay an hour", ordering="pay_hourly_min")
    def pay_an_hour(self, obj: Vacancy) -> str:
        return f"{pounds(obj.pay_hourly_min)} an hour" if obj.pay_hourly_min is not None else "-"

    @admin.display(description="to review")
    def to_review(self, obj: Vacancy) -> str:
        """What the officer is asked to check; the moderation note has the values as approved."""
        if obj.status != Vacancy.Status.IN_REVIEW:
            return ""
        changes = services.vacancy_review_changes(obj)
        if changes:
            return f"Changed while live: {', '.join(changes)}"
        if obj.moderation_note:
            return "Sent again after the council asked for changes"
        return "New vacancy"

    @admin.display(description="flexible options")
    def flexible_options(self, obj: Vacancy) -> str:
        options = obj.time_option_labels
        if obj.place in FLEXIBLE_PLACES:
            options.append(Place(obj.place).label)
        if not obj.offers_concrete_flexibility and obj.happy_to_talk:
            return "Happy to talk"
        return ", ".join(options) or "None"

    def _apply(self, request, queryset, change, done: str) -> None:
        """One service call per vacancy; a vacancy the service refuses is reported, not skipped."""
        changed, refused = 0, []
        for vacancy in queryset:
            try:
                change(vacancy)
            except ValidationError as error:
                refused.append(f"{vacancy.title}: {' '.join(error.messages)}")
            else:
                changed += 1
        if changed:
            self.message_user(
                request,
                f"{done} {changed} {'vacancy' if changed == 1 else 'vacancies'}.",
                messages.SUCCESS,
            )
        for reason in refused:
            self.message_user(request, f"Not changed: {reason}", messages.WARNING)

    @admin.action(description="Approve selected vacancies (they go live)", permissions=["change"])
    def approve_selected(self, request, queryset):
        self._apply(
            request,
            queryset,
            lambda v: services.vacancy_approve(vacancy=v, by=request.user),
            "Approved",
        )

    @admin.action(
        description="Send selected vacancies back to the employer, with a note",
        permissions=["change"],
    )
    def reject_selected(self, request, queryset):
        form = RejectVacanciesForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            note = form.cleaned_data["note"]
            self._apply(
                request,
                queryset,
                lambda v: services.vacancy_reject(vacancy=v, by=request.user, note=note),
                "Sent back",
            )
            return None
        return TemplateResponse(
            request,
            "admin/jobs/vacancy/reject_selected.html",
            {
                **self.admin_site.each_context(request),
                "title": "Send vacancies back to the employer",
                "opts": self.model._meta,
                "form": form,
                "vacancies": queryset.select_related("organisation"),
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
                "action": "reject_selected",
            },
        )

    @admin.action(description="Close selected live vacancies early", permissions=["change"])
    def close_selected(self, request, queryset):
        self._apply(
            request,
            queryset,
            lambda v: services.vacancy_close(vacancy=v, by=request.user),
            "Closed",
        )


# -- The London Living Wage --------------------------------------------------------------------


class LivingWageRateForm(forms.ModelForm):
    class Meta:
        model = LivingWageRate
        fields = ["hourly_rate", "effective_from", "announced_on", "note"]
        field_classes = {
            "hourly_rate": AsciiDecimalField.preset(**PAY_AN_HOUR),
            "effective_from": AdminDateField.preset(label_in_errors="The date it takes effect"),
            "announced_on": AdminDateField.preset(label_in_errors="The date it was announced"),
        }

    def clean_effective_from(self):
        effective_from = self.cleaned_data["effective_from"]
        latest = latest_publication_on()
        if latest is not None and effective_from <= latest:
            raise ValidationError(LLW_RATE_BEFORE_PUBLISHED.format(day=f"{latest:%-d %B %Y}"))
        return effective_from


@admin.register(LivingWageRate)
class LivingWageRateAdmin(GovukDatesAdminMixin, admin.ModelAdmin):
    """The rate's history, newest first. Adding a rate is the normal path: a rate vacancies were
    published under is what their "pays the London Living Wage" was judged against, so it stays."""

    form = LivingWageRateForm
    list_display = [
        "rate",
        "effective_from",
        "in_force_until_display",
        "in_force_now",
        "vacancies_published_count",
        "announced_on",
        "note",
    ]
    ordering = ["-effective_from"]
    date_hierarchy = "effective_from"
    search_fields = ["note"]

    def get_queryset(self, request):
        return living_wage_rates_with_use()

    def changelist_view(self, request, extra_context=None):
        current = LivingWageRate.objects.filter(effective_from__lte=timezone.localdate()).first()
        subtitle = f"In force now: {current}" if current else "No rate is in force yet: add one."
        return super().changelist_view(request, {**(extra_context or {}), "subtitle": subtitle})

    @admin.display(description="rate", ordering="hourly_rate")
    def rate(self, obj: LivingWageRate) -> str:
        return f"£{obj.hourly_rate} an hour"

    @admin.display(description="in force until")
    def in_force_until_display(self, obj: LivingWageRate) -> str:
        until = obj.in_force_until
        if until is None or until.year == 9999:
            return "Replaced by no later rate"
        return f"{until:%-d %B %Y} (the next rate starts)"

    @admin.display(description="in force now", boolean=True)
    def in_force_now(self, obj: LivingWageRate) -> bool:
        today = timezone.localdate()
        return obj.effective_from <= today < obj.in_force_until

    @admin.display(description="vacancies published at this rate")
    def vacancies_published_count(self, obj: LivingWageRate) -> int:
        return obj.vacancies_published

    def _in_use(self, obj: LivingWageRate | None) -> bool:
        return obj is not None and bool(getattr(obj, "vacancies_published", 0))

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not self._in_use(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not self._in_use(obj)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        if self._in_use(obj):
            if request.method == "POST":
                raise PermissionDenied(LLW_RATE_IN_USE)
            self.message_user(request, LLW_RATE_IN_USE, messages.INFO)
        return super().change_view(request, object_id, form_url, extra_context)


@admin.register(FlexibleJobsSnapshot)
class FlexibleJobsSnapshotAdmin(admin.ModelAdmin):
    """Read-only: the nightly task writes these, and the public trend is drawn from them."""

    list_display = ["taken_on", "taken_at", "live_vacancies", "any_flexible", "living_wage_rate"]
    date_hierarchy = "taken_on"
    readonly_fields = ["taken_on", "taken_at", "live_vacancies", "living_wage_rate", "figures"]

    @admin.display(description="with any flexible option")
    def any_flexible(self, obj: FlexibleJobsSnapshot) -> int:
        return obj.figures.get("overall", {}).get("any_flexible", 0)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class MinimumWageRateForm(forms.ModelForm):
    class Meta:
        model = MinimumWageRate
        fields = ["band", "hourly_rate", "effective_from", "announced_on", "note"]
        field_classes = {
            "hourly_rate": AsciiDecimalField.preset(**PAY_AN_HOUR),
            "effective_from": AdminDateField.preset(label_in_errors="The date it takes effect"),
            "announced_on": AdminDateField.preset(label_in_errors="The date it was announced"),
        }


@admin.register(MinimumWageRate)
class MinimumWageRateAdmin(GovukDatesAdminMixin, admin.ModelAdmin):
    """The National Minimum Wage by band, newest first. A vacancy is held to the rate in force
    on the day it starts (or closes), so a rate announced for next April is added now."""

    form = MinimumWageRateForm
    list_display = ["band", "rate", "effective_from", "in_force_now", "announced_on", "note"]
    list_filter = ["band"]
    ordering = ["-effective_from", "band"]
    date_hierarchy = "effective_from"

    @admin.display(description="rate", ordering="hourly_rate")
    def rate(self, obj: MinimumWageRate) -> str:
        return f"{pounds(obj.hourly_rate)} an hour"

    @admin.display(description="in force now", boolean=True)
    def in_force_now(self, obj: MinimumWageRate) -> bool:
        current = (
            MinimumWageRate.objects.filter(band=obj.band, effective_from__lte=timezone.localdate())
            .order_by("-effective_from").values_list("pk", flat=True).first()
        )
        return current == obj.pk
