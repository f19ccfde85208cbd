#!/usr/bin/env bash
# The cluster test: two gunicorn servers and two background workers for each queue, on one
# PostgreSQL database and one S3-compatible object store (moto's server, on 127.0.0.1), with the
# load test's people (bench/load/locustfile.py) sending each request to the servers in turn, so
# every session is used on both. Passes when the load test's checks pass across both: no error
# (a session one server did not honour would be one), no task taken by two workers (rows claimed
# with SELECT ... FOR UPDATE SKIP LOCKED), no check finished twice, no e-mail sent twice.
#
#   bench/cluster/run.sh [--users 50] [--minutes 10] [any other option of bench/load/run.py]
#
# Needs the scale data (manage.py load_scale_data) in DATABASE_URL (default: the database
# `scale` on 127.0.0.1:5432). Stops the object store it started, whatever happens.
set -euo pipefail
cd "$(dirname "$0")/../.."
PY=.venv/bin/python
export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/scale}"
PORT=$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
.venv/bin/moto_server -H 127.0.0.1 -p "$PORT" >/tmp/reviewdesk-cluster-store.log 2>&1 &
STORE=$!
trap 'kill $STORE 2>/dev/null || true' EXIT
export STORAGE_S3_BUCKET="review-desk-cluster" STORAGE_S3_ENDPOINT_URL="http://127.0.0.1:$PORT"
export STORAGE_S3_REGION="eu-west-2" AWS_ACCESS_KEY_ID="cluster" AWS_SECRET_ACCESS_KEY="cluster"
for _ in $(seq 1 100); do
  "$PY" - <<'PY' 2>/dev/null && break || sleep 0.2
import os, boto3
boto3.client("s3", endpoint_url=os.environ["STORAGE_S3_ENDPOINT_URL"],
             region_name=os.environ["STORAGE_S3_REGION"]).create_bucket(
    Bucket=os.environ["STORAGE_S3_BUCKET"],
    CreateBucketConfiguration={"LocationConstraint": os.environ["STORAGE_S3_REGION"]})
PY
done
echo "Object store on 127.0.0.1:$PORT, bucket $STORAGE_S3_BUCKET"
STATUS=0
"$PY" bench/load/run.py --instances 2 --job-workers 2 --workers 2 --notices 200 "$@" || STATUS=$?
"$PY" - <<'PY'
import os, boto3
listed = boto3.client("s3", endpoint_url=os.environ["STORAGE_S3_ENDPOINT_URL"],
                      region_name=os.environ["STORAGE_S3_REGION"]).list_objects_v2(
    Bucket=os.environ["STORAGE_S3_BUCKET"])
print(f"Files kept in the object store during the run: {listed.get('KeyCount', 0)}")
PY
exit $STATUS
