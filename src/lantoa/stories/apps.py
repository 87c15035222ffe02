from django.apps import AppConfig


class StoriesConfig(AppConfig):
    name = "lantoa.stories"
    label = "stories"
    verbose_name = "Stories"
