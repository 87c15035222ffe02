"""WSGI entry point (gunicorn serves it through ``lantoa serve``)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lantoa.config.settings")
application = get_wsgi_application()
