"""gunicorn settings for Journos: `gunicorn -c deploy/gunicorn.conf.py journos.wsgi`.

Sync workers: each request is short (pages come from the caches or render in
a few milliseconds), and on a small machine 2 workers per core beat more.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
# Load the app once in the master and fork workers from it: a recycled worker is
# ready in milliseconds instead of stalling its queue for the second an import takes.
preload_app = True
# Recycle workers now and then so a slow leak never becomes an outage.
max_requests = 20000
max_requests_jitter = 2000
# The proxy in front (Varnish, nginx) sets X-Forwarded-Proto; trust it from loopback only.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# gunicorn's control socket (for `gunicornc`) defaults to one path per user, shared by every gunicorn on the
# machine: a second server would take it over from the first. Off unless GUNICORN_CONTROL_SOCKET names this
# server's own path.
control_socket = os.environ.get("GUNICORN_CONTROL_SOCKET", "")
control_socket_disable = not control_socket


def post_fork(server, worker):
    # Nothing opened while preloading may be shared between workers: each opens its own.
    from django.core.cache import caches
    from django.db import connections

    connections.close_all()
    caches.close_all()
