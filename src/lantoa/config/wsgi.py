"""WSGI entry point (``lantoa serve`` runs it with granian or gunicorn).

The learner's events go to their own short handler in front of the site's
(``lantoa.learning.front``); every other request goes to the site's handler."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lantoa.config.settings")
site = get_wsgi_application()

from lantoa.learning.front import learner_front  # noqa: E402  (after Django is set up)

application = learner_front(site)
