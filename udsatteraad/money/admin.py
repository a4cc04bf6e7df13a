from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Budget, BudgetLine, Export, KilometreRate, Rates


class KilometreRateInline(admin.TabularInline):
    model = KilometreRate
    extra = 0


@admin.register(Rates)
class RatesAdmin(SimpleHistoryAdmin):
    """The authorities' rates by year (also entered by the secretariats on their pages)."""

    list_display = ["authority", "year", "per_diem", "per_diem_basis"]
    list_filter = ["authority", "year"]
    inlines = [KilometreRateInline]


class BudgetLineInline(admin.TabularInline):
    model = BudgetLine
    extra = 0


@admin.register(Budget)
class BudgetAdmin(SimpleHistoryAdmin):
    list_display = ["council", "year"]
    list_filter = ["council", "year"]
    inlines = [BudgetLineInline]


@admin.register(Export)
class ExportAdmin(SimpleHistoryAdmin):
    """Exports are a record: inspected here, made only on the secretariat's page. Claims,
    per-diems, receipts and payroll references are personal data and not in the admin."""

    list_display = ["council", "period_start", "period_end", "created", "created_by"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
