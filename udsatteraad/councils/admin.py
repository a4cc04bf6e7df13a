from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from udsatteraad.accounts.admin_audit import PersonalDataAdminMixin

from .models import (
    Authority,
    Committee,
    Council,
    FocusArea,
    Membership,
    Organisation,
    Person,
    SeatGroup,
    Secretary,
    TargetGroup,
    Term,
    TermsOfReference,
    Venue,
)


@admin.register(Authority)
class AuthorityAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "slug", "website")
    list_filter = ("kind",)
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Committee)
class CommitteeAdmin(admin.ModelAdmin):
    list_display = ("name", "authority", "kind")
    list_filter = ("kind", "authority")
    search_fields = ("name", "authority__name")
    list_select_related = ("authority",)


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "authority", "website")
    list_filter = ("authority",)
    search_fields = ("name", "slug", "description")
    list_select_related = ("authority",)
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Venue)
class VenueAdmin(admin.ModelAdmin):
    list_display = ("name", "authority", "kind", "address")
    list_filter = ("kind", "authority")
    search_fields = ("name", "slug", "address")
    list_select_related = ("authority",)
    prepopulated_fields = {"slug": ("name",)}


@admin.register(TargetGroup)
class TargetGroupAdmin(admin.ModelAdmin):
    list_display = ("name", "slug")
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}


@admin.register(FocusArea)
class FocusAreaAdmin(admin.ModelAdmin):
    list_display = ("name", "slug")
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}


class SecretaryInline(admin.TabularInline):
    model = Secretary
    extra = 0
    raw_id_fields = ("user",)


@admin.register(Council)
class CouncilAdmin(admin.ModelAdmin):
    list_display = ("name", "authority", "slug", "is_public", "contact_email")
    list_filter = ("is_public", "authority__kind", "authority")
    search_fields = ("name", "slug", "authority__name")
    list_select_related = ("authority",)
    prepopulated_fields = {"slug": ("name",)}
    filter_horizontal = ("advises",)
    inlines = [SecretaryInline]
    # Showing or hiding a council changes every public surface (search index, OParl): it is
    # done on the secretariat's council screen, whose action keeps them in step.
    readonly_fields = ("is_public",)


class SeatGroupInline(admin.TabularInline):
    model = SeatGroup
    extra = 0
    fields = ("position", "name", "kind", "seats", "venue")


@admin.register(TermsOfReference)
class TermsOfReferenceAdmin(SimpleHistoryAdmin):
    list_display = ("title", "council", "version", "adopted_on", "adjusted_on")
    list_filter = ("council__authority", "term_basis")
    search_fields = ("title", "council__name", "case_number", "purpose")
    list_select_related = ("council",)
    filter_horizontal = ("target_groups", "focus_areas")
    inlines = [SeatGroupInline]


@admin.register(SeatGroup)
class SeatGroupAdmin(admin.ModelAdmin):
    list_display = ("name", "terms_of_reference", "kind", "seats", "position")
    list_filter = ("kind",)
    search_fields = ("name", "terms_of_reference__council__name")
    list_select_related = ("terms_of_reference",)
    filter_horizontal = ("organisations",)


@admin.register(Term)
class TermAdmin(admin.ModelAdmin):
    list_display = ("name", "council", "start", "end", "evaluation_due")
    list_filter = ("council",)
    search_fields = ("name", "council__name")
    list_select_related = ("council",)


@admin.register(Person)
class PersonAdmin(PersonalDataAdminMixin, SimpleHistoryAdmin):
    personal_data_label = "person"

    def person_and_user_ids(self, objs):
        return [o.pk for o in objs], [o.user_id for o in objs if o.user_id]

    list_display = ("name", "email", "phone", "user")
    search_fields = ("name", "email", "phone", "user__email")
    list_select_related = ("user",)
    raw_id_fields = ("user",)


@admin.register(Secretary)
class SecretaryAdmin(admin.ModelAdmin):
    list_display = ("user", "council", "created")
    list_filter = ("council",)
    search_fields = ("user__email", "user__name", "council__name")
    list_select_related = ("user", "council")
    raw_id_fields = ("user",)


@admin.register(Membership)
class MembershipAdmin(PersonalDataAdminMixin, SimpleHistoryAdmin):
    personal_data_label = "medlemskab"

    def person_and_user_ids(self, objs):
        return [o.person_id for o in objs], []

    list_display = ("person", "council", "seat_group", "role", "term", "start", "end")
    list_filter = ("role", "is_substitute", "council")
    search_fields = ("person__name", "council__name", "seat_group__name")
    list_select_related = ("person", "council", "seat_group", "term")
    raw_id_fields = ("person", "replaces")
    date_hierarchy = "start"
