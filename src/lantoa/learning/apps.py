from django.apps import AppConfig


class LearningConfig(AppConfig):
    name = "lantoa.learning"
    label = "learning"
    verbose_name = "Learning"
