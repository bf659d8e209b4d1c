#!/usr/bin/env bash
# Bring motcua up on a clean Debian 12 (bookworm) machine: Debian's packages, a venv with
# the pinned Python packages, PostgreSQL and Redis, /etc/motcua/env, migrations and static
# files, gunicorn behind nginx, the workers and the scheduler as systemd services, journald
# retention. See docs/deploy.md.
#
# Run as root from a checkout of the repository:
#     sudo MOTCUA_DOMAIN=motcua.tinh.gov.vn bash deploy/install-debian12.sh
# Running it again is safe: it installs what is missing, keeps /etc/motcua/env and the
# data, installs the checkout's code, migrates and restarts the services (an upgrade is
# `git pull` and the same command; the settings below default to those of the previous
# run, kept in /etc/motcua/install.conf, so the variables need not be repeated).
#
# Settings (environment variables of this script):
#   MOTCUA_DOMAIN      the site's name for nginx and ALLOWED_HOSTS (default: the previous
#                      run's, else the first name of ALLOWED_HOSTS in /etc/motcua/env,
#                      else hostname -f); must be allowed by ALLOWED_HOSTS
#   MOTCUA_ROLE        all (default: one machine with everything), web (gunicorn only),
#                      worker (RQ workers only); web and worker need /etc/motcua/env
#                      copied from the first machine (docs/deploy.md, "Scaling out")
#   MOTCUA_RQ_WORKERS  RQ worker processes on this machine (default 2; 0 for none)
#   MOTCUA_NGINX       1 (default with role all) to install and configure nginx here
set -euo pipefail
step() { printf '\n== %s\n' "$*"; }
die() { printf 'install-debian12: %s\n' "$*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || die "run as root (sudo bash $0)"
# nginx (www-data) reads the collected static files and their folders: a hardened root
# umask (077) would make them unreadable to it.
umask 022

SRC="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PREFIX=/opt/motcua
VENV="$PREFIX/venv"
DATA=/var/lib/motcua
ETC=/etc/motcua
ENV_FILE="$ETC/env"
SETTINGS_FILE="$ETC/install.conf"
UNIT_DIR=/etc/systemd/system
# Debian's interpreter, not whatever python3 comes first in root's PATH (pyenv, conda...
# under /root, which the motcua user cannot even read): the venv links to it.
PY=/usr/bin/python3

# The previous run's settings are this run's defaults: `git pull && bash
# deploy/install-debian12.sh` must not turn a web machine into a first machine, stop the
# workers added with MOTCUA_RQ_WORKERS, or rename the nginx site after the hostname.
saved() { [ -f "$SETTINGS_FILE" ] && sed -n "s/^$1=//p" "$SETTINGS_FILE" | tail -n 1; return 0; }
allowed_hosts() { # ALLOWED_HOSTS of an existing environment file, one name a line
  [ -f "$ENV_FILE" ] || return 0
  # shellcheck source=/dev/null
  (set -a && . "$ENV_FILE" && printf '%s\n' "${ALLOWED_HOSTS:-}" | tr ',' '\n' | tr -d ' ')
}
ROLE="${MOTCUA_ROLE:-$(saved ROLE)}"
ROLE="${ROLE:-all}"
DOMAIN="${MOTCUA_DOMAIN:-$(saved DOMAIN)}"
# A web or worker machine with the env file copied from the first one: the site's name.
DOMAIN="${DOMAIN:-$({ allowed_hosts | grep -v -x -e '' -e '\*' -e '\..*' || true; } | head -n 1)}"
DOMAIN="${DOMAIN:-$(hostname -f 2>/dev/null || hostname)}"
RQ_WORKERS="${MOTCUA_RQ_WORKERS:-$(saved RQ_WORKERS)}"
RQ_WORKERS="${RQ_WORKERS:-2}"
# nginx's default follows the role: the previous run's choice only for the same role.
NGINX="${MOTCUA_NGINX:-}"
if [ -z "$NGINX" ] && [ "$ROLE" = "$(saved ROLE)" ]; then NGINX="$(saved NGINX)"; fi
if [ "$ROLE" = all ]; then NGINX="${NGINX:-1}"; else NGINX="${NGINX:-0}"; fi

case "$ROLE" in all | web | worker) ;; *) die "MOTCUA_ROLE must be all, web or worker" ;; esac
case "$RQ_WORKERS" in '' | *[!0-9]*) die "MOTCUA_RQ_WORKERS must be a number" ;; esac
if [ ! -f "$SRC/pyproject.toml" ] || [ ! -d "$SRC/motcua" ]; then die "run from a motcua checkout"; fi
# shellcheck source=/dev/null
. /etc/os-release
[ "${VERSION_CODENAME:-}" = bookworm ] || echo "warning: written for Debian 12, this is ${PRETTY_NAME:-unknown}"
printf 'role %s, domain %s, %s RQ workers, nginx %s\n' "$ROLE" "$DOMAIN" "$RQ_WORKERS" "$NGINX"

# -- Debian packages ----------------------------------------------------------------------
step "Debian packages"
# python3 is 3.11 on Debian 12; pango and a Times-New-Roman-metric font for the PDF forms
# (WeasyPrint); curl for the health check below.
packages=(python3 python3-venv libpango-1.0-0 libpangoft2-1.0-0 fonts-liberation2 ca-certificates curl)
if [ "$ROLE" = all ]; then packages+=(postgresql redis-server); fi
if [ "$NGINX" = 1 ]; then packages+=(nginx); fi
missing=()
for p in "${packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ "${#missing[@]}" -gt 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "all present"
fi

# -- account and folders ------------------------------------------------------------------
step "system user motcua and folders"
if ! id motcua >/dev/null 2>&1; then
  useradd --system --user-group --home-dir "$DATA" --shell /usr/sbin/nologin motcua
fi
install -d -m 0755 -o root -g root "$PREFIX" "$ETC"
# nginx reads the static files: the data folder is traversable, the private ones are not.
install -d -m 0755 -o motcua -g motcua "$DATA" "$DATA/static"
install -d -m 0750 -o motcua -g motcua "$DATA/media" "$DATA/signing" "$DATA/form-templates"

# -- Python ------------------------------------------------------------------------------
step "venv $VENV with the pinned packages"
[ -x "$VENV/bin/python" ] || "$PY" -m venv "$VENV"
# The wheel is built from a clean copy of the checkout: built in place, setuptools would
# reuse the checkout's build/lib, where a module, migration or template deleted upstream
# stays and is installed again on every upgrade (and root would leave build/ and
# *.egg-info behind in the checkout).
build="$(mktemp -d)"
trap 'rm -rf "$build"' EXIT
tar -C "$SRC" --exclude=./.git --exclude=./.venv --exclude=./build --exclude=./dist \
  --exclude=./var --exclude=./vendor/node_modules --exclude='*.egg-info' --exclude=__pycache__ \
  --exclude='.*_cache' --exclude=.hypothesis -cf - . | tar -C "$build" -xf -
"$VENV/bin/pip" wheel --quiet --disable-pip-version-check --no-deps -w "$build/dist" "$build"
wheel=("$build"/dist/motcua-*.whl)
# pyproject.toml pins the direct dependencies, deploy/constraints.txt what they pull in.
"$VENV/bin/pip" install --quiet --disable-pip-version-check -c "$SRC/deploy/constraints.txt" "${wheel[0]}"
# The checkout's code even when its version number did not change.
"$VENV/bin/pip" install --quiet --disable-pip-version-check --no-deps --force-reinstall "${wheel[0]}"
install -m 0644 "$SRC/deploy/gunicorn.conf.py" "$ETC/gunicorn.conf.py"

# -- environment file ----------------------------------------------------------------------
step "environment file $ENV_FILE"
if [ -f "$ENV_FILE" ]; then
  echo "kept (edit it by hand; this script never overwrites it)"
else
  [ "$ROLE" = all ] || die "$ENV_FILE is missing: copy it from the first machine (docs/deploy.md)"
  secret="$("$PY" -c 'import secrets; print(secrets.token_urlsafe(50))')"
  db_password="$("$PY" -c 'import secrets; print(secrets.token_hex(24))')"
  umask 027
  cat >"$ENV_FILE.new" <<EOF
# motcua settings (README "Configuration"). Read by the systemd units and by
# /usr/local/bin/motcua. KEY=value lines; quote values with spaces in double quotes.
DEBUG=0
SECRET_KEY=$secret
ALLOWED_HOSTS=$DOMAIN,127.0.0.1,localhost
CSRF_TRUSTED_ORIGINS=https://$DOMAIN,http://$DOMAIN
PUBLIC_BASE_URL=http://$DOMAIN
DATABASE_URL=postgres://motcua:$db_password@127.0.0.1:5432/motcua
# A read replica for the dashboards and exports (docs/deploy.md, "Read replica"):
#DATABASE_REPLICA_URL=postgres://motcua:$db_password@10.0.0.21:5432/motcua
REDIS_URL=redis://127.0.0.1:6379/0
CACHE_URL=redis://127.0.0.1:6379/1
TASKS_BACKEND=django_tasks_rq.RQBackend
# The indicators' aggregates refreshed by the workers, not in the request (intake peaks)
INDICATORS_REFRESH=worker
LOG_FORMAT=json
LOG_LEVEL=INFO
TRUST_X_FORWARDED_FOR=1
# With HTTPS in nginx (certbot): TRUST_X_FORWARDED_PROTO=1, SECURE_COOKIES=1, and
# PUBLIC_BASE_URL=https://$DOMAIN
TRUST_X_FORWARDED_PROTO=0
SECURE_COOKIES=0
STATIC_ROOT=$DATA/static
MEDIA_ROOT=$DATA/media
SIGNING_DIR=$DATA/signing
FORM_TEMPLATES_DIR=$DATA/form-templates
GUNICORN_BIND=127.0.0.1:8000
#GUNICORN_WORKERS=5
#EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend
EOF
  chown root:motcua "$ENV_FILE.new"
  chmod 0640 "$ENV_FILE.new"
  mv "$ENV_FILE.new" "$ENV_FILE"
  umask 022
  echo "written, with a new SECRET_KEY and database password"
fi
# nginx's server_name and the health check's Host are $DOMAIN, which Django refuses (400)
# unless ALLOWED_HOSTS allows it: say so now, before the services are restarted, since the
# script never edits the file ('*' and '.example.vn' match as in Django).
domain_allowed=0
while IFS= read -r host; do
  case "$host" in
    '*') domain_allowed=1 ;;
    .*) case ".${DOMAIN,,}" in *"${host,,}") domain_allowed=1 ;; esac ;;
    *) if [ "${host,,}" = "${DOMAIN,,}" ]; then domain_allowed=1; fi ;;
  esac
done < <(allowed_hosts)
[ "$domain_allowed" = 1 ] ||
  die "$DOMAIN is not in ALLOWED_HOSTS of $ENV_FILE: add it there, or give MOTCUA_DOMAIN a name it has"
# This run's settings: the defaults of the next one (an upgrade without the variables).
printf '%s\n' "# Settings of the last run of deploy/install-debian12.sh (the next run's defaults)." \
  "ROLE=$ROLE" "DOMAIN=$DOMAIN" "RQ_WORKERS=$RQ_WORKERS" "NGINX=$NGINX" >"$SETTINGS_FILE.new"
mv "$SETTINGS_FILE.new" "$SETTINGS_FILE"

# The administrator's command: `motcua <command>` as the motcua user with the settings.
cat >/usr/local/bin/motcua <<EOF
#!/bin/sh
# motcua's manage.py with the production settings (installed by install-debian12.sh).
# The services' umask (systemd's default), whatever the caller's: nginx reads the folders
# that collectstatic makes.
umask 022
set -a
. $ENV_FILE
set +a
cd $DATA
exec runuser -u motcua -- $VENV/bin/motcua "\$@"
EOF
chmod 0755 /usr/local/bin/motcua

env_value() { # the value of one variable of the environment file
  # shellcheck source=/dev/null
  (set -a && . "$ENV_FILE" && eval "printf '%s' \"\${$1:-}\"")
}

# -- PostgreSQL and Redis (first machine only) ----------------------------------------------
if [ "$ROLE" = all ]; then
  step "PostgreSQL database and user"
  systemctl enable --now postgresql >/dev/null
  # Memory settings sized to this machine, written once (an administrator's later edits
  # stay): Debian's defaults (128 MB of shared buffers) are for a small shared server,
  # and the province's queues, searches and dashboards want their indexes in memory.
  pg_conf_dirs=(/etc/postgresql/*/main/conf.d) # Debian 12: 15 only; else the last by name
  pg_conf_dir=""
  if [ -d "${pg_conf_dirs[-1]}" ]; then pg_conf_dir="${pg_conf_dirs[-1]}"; fi
  if [ -n "$pg_conf_dir" ] && [ ! -e "$pg_conf_dir/50-motcua.conf" ]; then
    mem_mb=$(awk '/^MemTotal:/ { print int($2 / 1024) }' /proc/meminfo)
    cat >"$pg_conf_dir/50-motcua.conf" <<PGCONF
# Written by motcua's deploy/install-debian12.sh for a machine of ${mem_mb} MB
# (docs/deploy.md, "PostgreSQL settings"); edit freely, the script never rewrites it.
shared_buffers = $((mem_mb / 4))MB
effective_cache_size = $((mem_mb * 3 / 4))MB
maintenance_work_mem = $((mem_mb / 16 > 2048 ? 2048 : mem_mb / 16))MB
work_mem = 16MB
max_wal_size = 8GB
checkpoint_timeout = 15min
random_page_cost = 1.1
# autoprewarm: the buffers in use are noted every 5 minutes and read back at start, so
# that after a restart the searches read memory, not disk.
shared_preload_libraries = 'pg_prewarm'
PGCONF
    systemctl restart postgresql
    echo "PostgreSQL memory settings written to $pg_conf_dir/50-motcua.conf"
  fi
  # User, password and database name from DATABASE_URL. Separated by a unit separator, not
  # spaces: read would merge an empty field (no password) or split a password with spaces.
  IFS=$'\x1f' read -r db_user db_pass db_name db_host < <(DATABASE_URL="$(env_value DATABASE_URL)" "$PY" -c '
import os, urllib.parse as u
p = u.urlparse(os.environ["DATABASE_URL"])
print(u.unquote(p.username or ""), u.unquote(p.password or ""), p.path.lstrip("/"), p.hostname or "", sep="\x1f")')
  if [ -z "$db_user" ] || [ -z "$db_name" ] || [ -z "$db_host" ]; then
    die "DATABASE_URL needs a user, a host and a database name"
  fi
  case "$db_host" in
    127.0.0.1 | localhost | ::1)
      # Warnings and errors only (not "extension already exists, skipping" on every run).
      psql_postgres() {
        PGOPTIONS='-c client_min_messages=warning' runuser -u postgres -- psql -v ON_ERROR_STOP=1 -qtAX "$@"
      }
      # Quoted for SQL (a password may hold a quote); the statements go in on standard
      # input, so that the password is not in psql's command line, which ps shows to all.
      sql_literal() { printf "'%s'" "${1//\'/\'\'}"; }
      sql_ident() { printf '"%s"' "${1//\"/\"\"}"; }
      for _ in $(seq 1 30); do psql_postgres -c 'SELECT 1' >/dev/null 2>&1 && break; sleep 1; done
      if [ "$(psql_postgres <<<"SELECT 1 FROM pg_roles WHERE rolname = $(sql_literal "$db_user")")" != 1 ]; then
        psql_postgres <<<"CREATE ROLE $(sql_ident "$db_user") LOGIN PASSWORD $(sql_literal "$db_pass")"
        echo "user $db_user created"
      else
        # Keep the password in step with the environment file.
        psql_postgres <<<"ALTER ROLE $(sql_ident "$db_user") LOGIN PASSWORD $(sql_literal "$db_pass")"
      fi
      if [ "$(psql_postgres <<<"SELECT 1 FROM pg_database WHERE datname = $(sql_literal "$db_name")")" != 1 ]; then
        psql_postgres <<<"CREATE DATABASE $(sql_ident "$db_name") OWNER $(sql_ident "$db_user") ENCODING 'UTF8' TEMPLATE template0"
        echo "database $db_name created"
      fi
      # Trigram indexes for the searches (pg_trgm ships with Debian's postgresql).
      psql_postgres -d "$db_name" -c "CREATE EXTENSION IF NOT EXISTS pg_trgm"
      ;;
    *) echo "DATABASE_URL points at $db_host: nothing to create here" ;;
  esac

  step "Redis"
  # Debian's redis-server listens on 127.0.0.1 and ::1 only.
  systemctl enable --now redis-server >/dev/null
  echo "redis-server running"

  step "migrations"
  # On the first machine only: the others share its database.
  /usr/local/bin/motcua migrate --noinput
fi

if [ "$ROLE" != worker ]; then
  step "static files and checks"
  /usr/local/bin/motcua collectstatic --noinput --verbosity 0
  echo "collected into $(env_value STATIC_ROOT)"
  # Warnings only (HSTS, HTTPS redirect...: nginx's business, see docs/deploy.md).
  /usr/local/bin/motcua check --deploy || true
fi

# -- systemd units -------------------------------------------------------------------------
step "systemd services"
install -m 0644 "$SRC/deploy/systemd/motcua-web.service" "$SRC/deploy/systemd/motcua-worker@.service" \
  "$SRC/deploy/systemd/motcua-scheduler.service" "$UNIT_DIR/"
install -d -m 0755 /etc/systemd/journald.conf.d
install -m 0644 "$SRC/deploy/journald/motcua.conf" /etc/systemd/journald.conf.d/motcua.conf
systemctl daemon-reload
systemctl restart systemd-journald

wanted=()
if [ "$ROLE" != worker ]; then wanted+=(motcua-web.service); fi
if [ "$ROLE" = all ]; then wanted+=(motcua-scheduler.service); fi
for i in $(seq 1 "$RQ_WORKERS"); do wanted+=("motcua-worker@$i.service"); done
if [ "${#wanted[@]}" -gt 0 ]; then
  systemctl enable --quiet "${wanted[@]}"
  systemctl restart "${wanted[@]}"
fi
# Workers beyond MOTCUA_RQ_WORKERS from an earlier run are stopped.
for unit in $(systemctl list-units --all --plain --no-legend 'motcua-worker@*.service' | awk '{print $1}'); do
  n="${unit#motcua-worker@}"
  n="${n%.service}"
  if [ "$n" -gt "$RQ_WORKERS" ] 2>/dev/null; then systemctl disable --now --quiet "$unit"; fi
done
printf '%s\n' "${wanted[@]}"

# -- nginx ----------------------------------------------------------------------------------
if [ "$NGINX" = 1 ]; then
  step "nginx"
  static_root="$(env_value STATIC_ROOT)"
  sed -e "s|motcua.example.vn|$DOMAIN|" -e "s|/var/lib/motcua/static/|${static_root%/}/|" \
    "$SRC/deploy/nginx/motcua.conf" >/etc/nginx/sites-available/motcua.new
  mv /etc/nginx/sites-available/motcua.new /etc/nginx/sites-available/motcua
  ln -sfn /etc/nginx/sites-available/motcua /etc/nginx/sites-enabled/motcua
  # Debian's welcome page would answer requests by address instead of the application.
  rm -f /etc/nginx/sites-enabled/default
  nginx -t -q
  systemctl enable --quiet nginx
  systemctl reload-or-restart nginx
fi

# -- health check ---------------------------------------------------------------------------
if [ "$ROLE" != worker ]; then
  step "health check"
  if [ "$NGINX" = 1 ]; then url="http://127.0.0.1/healthz"; else url="http://$(env_value GUNICORN_BIND)/healthz"; fi
  for _ in $(seq 1 30); do
    if curl -fsS -H "Host: $DOMAIN" "$url"; then
      printf '\nmotcua is up: http://%s/ (first administrator: motcua createsuperuser)\n' "$DOMAIN"
      exit 0
    fi
    sleep 2
  done
  die "no answer from $url: see journalctl -u motcua-web"
fi
