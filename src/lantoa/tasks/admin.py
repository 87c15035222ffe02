from django.contrib import admin

from lantoa.tasks.models import Task


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):
    list_display = (
        "id",
        "name",
        "status",
        "attempts",
        "progress_label",
        "created_at",
        "finished_at",
    )
    list_filter = ("status", "name")
    readonly_fields = [f.name for f in Task._meta.fields]
