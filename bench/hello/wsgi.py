"""`gunicorn -c deploy/gunicorn.conf.py bench.hello.wsgi`, run from the repository root."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.hello.settings")

application = get_wsgi_application()
