from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkerConfig(AppConfig):
    name = "lantoa.worker"
    label = "worker"
    verbose_name = _("Background work")

    def ready(self) -> None:
        from lantoa.config import checks  # noqa: F401 - registers the deploy check
