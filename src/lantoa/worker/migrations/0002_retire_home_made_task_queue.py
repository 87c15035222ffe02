"""Retire the home-made task queue (the old ``lantoa.tasks`` app and its ``tasks_task``
table), keeping the work it had pending.

Pending work is a kit or poster build still queued or running: each one is queued again on
Django's Tasks API (the configured backend) before the table is dropped. Deadline reminders
were periodic and need nothing: the workers run them again at their next hour. A fresh
database never had the table, and this does nothing.
"""

from django.db import migrations


def requeue_and_drop(apps, schema_editor):
    connection = schema_editor.connection
    KitBuild = apps.get_model("kits", "KitBuild")
    pending = list(
        KitBuild.objects.filter(status__in=["queued", "running"]).values_list("pk", flat=True)
    )
    if pending:
        from lantoa.kits.tasks import kit_build_task

        KitBuild.objects.filter(pk__in=pending).update(status="queued")
        for pk in pending:
            kit_build_task.enqueue(build_id=pk)
    if "tasks_task" in connection.introspection.table_names():
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE tasks_task")
            cursor.execute("DELETE FROM django_migrations WHERE app = %s", ["tasks"])
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="tasks").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("worker", "0001_periodic_job"),
        ("kits", "0003_kit_build_heartbeat"),
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(requeue_and_drop, migrations.RunPython.noop)]
