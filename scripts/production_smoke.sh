#!/usr/bin/env bash
# The production smoke test: Review Desk run as the README's "Running it for real" says, then
# tried from outside. Production settings with a throw-away secret, a throw-away PostgreSQL
# database, check --deploy, collectstatic, migrate, the demo, a TOTP device for the business
# manager, gunicorn on 127.0.0.1 with two workers; then scripts/production_smoke.py signs in with
# both factors and checks a review page, a download, a 404 and the production headers.
#
# Needs `make setup` and PostgreSQL at 127.0.0.1:$PG_PORT (default 5432) letting `postgres` in
# without a password. Leaves nothing behind: gunicorn stopped, database dropped, files removed.
# Exits 0 if every check passed. CI runs it (.ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."

PG_PORT="${PG_PORT:-5432}"
PY=.venv/bin/python
DB="reviewdesk_smoke_$$_$RANDOM"
WORK=$(mktemp -d /tmp/reviewdesk-smoke.XXXXXX)
GUNICORN_PID=""
psql_postgres() { psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -w -v ON_ERROR_STOP=1 -Atq "$@"; }
step() { printf '\n--> %s\n' "$*"; }

cleanup() {
  local status=$?
  if [ -n "$GUNICORN_PID" ] && kill -0 "$GUNICORN_PID" 2>/dev/null; then
    kill -TERM "$GUNICORN_PID" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$GUNICORN_PID" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$GUNICORN_PID" 2>/dev/null || true
    wait "$GUNICORN_PID" 2>/dev/null || true
  fi
  if [ "$status" -ne 0 ] && [ -s "$WORK/gunicorn.log" ]; then
    echo "--- the end of gunicorn's log ---"
    tail -n 40 "$WORK/gunicorn.log"
  fi
  psql_postgres -c "drop database if exists $DB with (force)" || true
  rm -rf "$WORK"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

[ -x "$PY" ] && [ -f reviewdesk/static/vendor/.built ] || { echo "Run make setup first." >&2; exit 1; }
psql_postgres -c 'select 1' >/dev/null || {
  echo "PostgreSQL at 127.0.0.1:$PG_PORT does not let postgres in without a password." >&2; exit 1; }

step "A throw-away database, $DB (UTF-8, C.UTF-8 locale)"
psql_postgres -c "create database $DB template template0 encoding 'UTF8' locale 'C.UTF-8'"

# Only what the README lists for production; nothing from the calling shell that would soften it.
unset DEBUG SECURE_SSL_REDIRECT TWO_FACTOR_REQUIRED ADMIN_ENABLED CSRF_TRUSTED_ORIGINS \
      DJANGO_SETTINGS_MODULE DJANGO_ALLOW_ASYNC_UNSAFE AXES_FAILURE_LIMIT TASKS_BACKEND \
      EMAIL_HOST EMAIL_PORT EMAIL_HOST_USER EMAIL_HOST_PASSWORD
PORT=$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
export REVIEW_DESK_ENV=production
SECRET_KEY=$("$PY" -c 'import secrets; print(secrets.token_urlsafe(50))')
export SECRET_KEY
AUDIT_KEYS="smoke:$("$PY" -c 'import secrets; print(secrets.token_urlsafe(40))')"
export AUDIT_KEYS
export ALLOWED_HOSTS=127.0.0.1
export DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/$DB"
export SITE_URL="https://127.0.0.1:$PORT"
export STATIC_ROOT="$WORK/static"
export MEDIA_ROOT="$WORK/media"
export AUDIT_CHECKPOINT_PATH="$WORK/audit/checkpoints.log"

step "manage.py check --deploy"
"$PY" manage.py check --deploy --fail-level WARNING

step "manage.py collectstatic"
"$PY" manage.py collectstatic --no-input --verbosity 1

step "manage.py migrate"
"$PY" manage.py migrate --no-input --verbosity 0

step "manage.py load_demo"
"$PY" manage.py load_demo >"$WORK/demo.txt"
head -n 1 "$WORK/demo.txt"

step "A TOTP device for the demo business manager, made for this test"
read -r TOTP_KEY REVIEW_UUID REVIEW_REFERENCE < <("$PY" manage.py shell -c '
from django_otp.plugins.otp_totp.models import TOTPDevice
from reviewdesk.accounts.models import User
from reviewdesk.reviews.models import Review

manager = User.objects.get(email="business.manager@demo.reviewdesk.invalid")
device = TOTPDevice.objects.create(user=manager, name="Production smoke test", confirmed=True)
review = (Review.objects.filter(partnership=manager.partnership, identities__isnull=False)
          .distinct().order_by("reference").first())
print(device.key, review.uuid, review.reference)
' | tail -n 1)
echo "Device made; the review to open is $REVIEW_REFERENCE."

step "gunicorn on 127.0.0.1:$PORT, two workers"
# No control socket: its default path is shared by every gunicorn this user runs.
.venv/bin/gunicorn reviewdesk.wsgi --bind "127.0.0.1:$PORT" --workers 2 --timeout 30 \
  --graceful-timeout 5 --no-control-socket --access-logfile - >"$WORK/gunicorn.log" 2>&1 &
GUNICORN_PID=$!

# Each worker runs gunicorn.conf.py's post_worker_init (compiled pages, frozen heap) before
# serving: wait for both to say so.
for _ in $(seq 1 120); do
  [ "$(grep -c 'Worker ready' "$WORK/gunicorn.log" || true)" -ge 2 ] && break; sleep 0.5
done
grep -q 'Worker ready' "$WORK/gunicorn.log" || {
  echo "gunicorn's workers did not run post_worker_init (gunicorn.conf.py)" >&2; exit 1; }

step "Signing in and looking round"
"$PY" scripts/production_smoke.py --port "$PORT" \
  --email business.manager@demo.reviewdesk.invalid --password demo-review-desk-2026 \
  --totp-key "$TOTP_KEY" --review-uuid "$REVIEW_UUID" --review-reference "$REVIEW_REFERENCE"

step "manage.py verify_audit: every event the app wrote is in an intact, checkpointed chain"
"$PY" manage.py verify_audit
test -s "$AUDIT_CHECKPOINT_PATH"
