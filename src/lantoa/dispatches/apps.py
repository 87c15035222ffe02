from django.apps import AppConfig


class DispatchesConfig(AppConfig):
    name = "lantoa.dispatches"
    verbose_name = "Dispatches"
    default_auto_field = "django.db.models.BigAutoField"
