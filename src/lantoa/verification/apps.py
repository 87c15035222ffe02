from django.apps import AppConfig


class VerificationConfig(AppConfig):
    name = "lantoa.verification"
    label = "verification"
    verbose_name = "Verification"
