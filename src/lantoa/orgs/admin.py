from django.contrib import admin

from lantoa.orgs.models import Invitation, Membership, Unit
from lantoa.orgs.services import unit_create


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "kind", "parent", "merged_into", "valid_until")
    list_filter = ("kind",)
    search_fields = ("name", "code", "short_name")
    raw_id_fields = ("parent", "merged_into")

    def get_readonly_fields(self, request, obj=None):
        # Moves and merges rewrite the paths of a whole subtree: they go through the
        # services (lantoa orgs ...), never a plain form save.
        if obj is None:
            return ("merged_into", "valid_until")
        return ("code", "parent", "merged_into", "valid_until")

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        created = unit_create(
            actor=request.user,
            code=obj.code,
            name=obj.name,
            kind=obj.kind,
            parent=obj.parent,
            short_name=obj.short_name,
            type_label=obj.type_label,
            latitude=obj.latitude,
            longitude=obj.longitude,
        )
        obj.pk, obj.path, obj.depth = created.pk, created.path, created.depth


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "unit", "role", "created_at")
    list_filter = ("role",)
    raw_id_fields = ("user", "unit")


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ("unit", "role", "created_by", "expires_at", "uses", "max_uses", "revoked")
    raw_id_fields = ("unit", "created_by")
    readonly_fields = ("token",)
