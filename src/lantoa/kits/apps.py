from django.apps import AppConfig


class KitsConfig(AppConfig):
    name = "lantoa.kits"
    label = "kits"
    verbose_name = "Kits"
