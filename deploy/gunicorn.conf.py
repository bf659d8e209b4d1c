"""gunicorn settings of motcua-web.service (installed as /etc/motcua/gunicorn.conf.py by
deploy/install-debian12.sh; docs/deploy.md). Tuned through /etc/motcua/env:

GUNICORN_BIND     address to listen on; 127.0.0.1:8000 when nginx runs on the same machine,
                  0.0.0.0:8000 (with a firewall) for a web machine behind a remote nginx
GUNICORN_WORKERS  worker processes (default: 2 × CPU cores + 1)
GUNICORN_TIMEOUT  seconds before a stuck worker is restarted (default 120: the largest
                  exports and PDF forms take a while)
FORWARDED_ALLOW_IPS  addresses of the nginx machines allowed to set X-Forwarded-* headers
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS") or multiprocessing.cpu_count() * 2 + 1)
timeout = int(os.environ.get("GUNICORN_TIMEOUT") or 120)
graceful_timeout = 30
keepalive = 5
# Restart each worker now and then, so that a slow leak never grows.
max_requests = 2000
max_requests_jitter = 200
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# The application writes one JSON line per request (LOG_FORMAT=json, motcua.core.middleware):
# no gunicorn access log; its own messages go to standard error, hence to the journal.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
proc_name = "motcua-web"
