from django.contrib import admin

from lantoa.worker.models import PeriodicJob


@admin.register(PeriodicJob)
class PeriodicJobAdmin(admin.ModelAdmin):
    list_display = ("name", "next_at", "last_started_at", "last_finished_at", "runs")
    readonly_fields = [f.name for f in PeriodicJob._meta.fields]
