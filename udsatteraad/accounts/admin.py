from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .admin_audit import PersonalDataAdminMixin
from .forms import AdminUserAddForm, AdminUserChangeForm
from .models import AccessLogEntry, User


@admin.register(User)
class UserAdmin(PersonalDataAdminMixin, BaseUserAdmin):
    personal_data_label = "bruger"

    def person_and_user_ids(self, objs):
        return [], [o.pk for o in objs]

    form = AdminUserChangeForm
    add_form = AdminUserAddForm
    list_display = ("email", "name", "is_active", "is_staff", "is_superuser", "last_login")
    list_filter = ("is_active", "is_staff", "is_superuser")
    search_fields = ("email", "name")
    ordering = ("email",)
    fieldsets = (
        (None, {"fields": ("email", "name", "password")}),
        ("Rettigheder", {
            "fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions"),
        }),
        ("Datoer", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {
            "classes": ("wide",),
            "fields": ("email", "name", "usable_password", "password1", "password2"),
        }),
    )
    readonly_fields = ("last_login", "date_joined")


@admin.register(AccessLogEntry)
class AccessLogEntryAdmin(admin.ModelAdmin):
    """An audit trail: readable, never editable."""

    list_display = ("at", "user", "council", "what", "path")
    list_filter = ("council",)
    search_fields = ("what", "path", "user__email", "council__name")
    list_select_related = ("user", "council")
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
