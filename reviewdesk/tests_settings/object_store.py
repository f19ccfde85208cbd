"""A real S3-compatible server for the tests (moto's, on 127.0.0.1 and a free port), and a fixture
that points kept files at a new bucket on it through the same settings production uses.

Import the fixtures by name into a test module (``from ...object_store import s3  # noqa: F401``).
"""

import os
import secrets
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from pytest_django import Settings

ACCESS = {"aws_access_key_id": "review-desk-test", "aws_secret_access_key": "review-desk-test",
          "region_name": "eu-west-2"}


@pytest.fixture(scope="session")
def s3_endpoint() -> Iterator[str]:
    """moto's server in a thread of this process: real HTTP, real signing, nothing outside."""
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


def s3_client(endpoint: str) -> Any:
    return boto3.client("s3", endpoint_url=endpoint, **ACCESS)


@pytest.fixture
def s3(settings: Settings, s3_endpoint: str, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """Kept files in a new bucket of the test server, configured as production is (by the
    environment variables settings.py reads), with MEDIA_ROOT pointed at a folder never made."""
    from django.core.files.storage import storages

    from reviewdesk import settings as project_settings

    bucket = f"review-desk-{secrets.token_hex(6)}"
    s3_client(s3_endpoint).create_bucket(
        Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": ACCESS["region_name"]})
    for name, value in {"STORAGE_S3_BUCKET": bucket, "STORAGE_S3_ENDPOINT_URL": s3_endpoint,
                        "STORAGE_S3_REGION": ACCESS["region_name"], "STORAGE_S3_PREFIX": "kept",
                        "AWS_ACCESS_KEY_ID": ACCESS["aws_access_key_id"],
                        "AWS_SECRET_ACCESS_KEY": ACCESS["aws_secret_access_key"]}.items():
        monkeypatch.setenv(name, value)
    settings.MEDIA_ROOT = os.path.join(settings.MEDIA_ROOT, "never-created")
    settings.STORAGES = {**settings.STORAGES, "default": project_settings._kept_files()}
    assert type(storages["default"]).__name__ == "S3Storage"
    return {"bucket": bucket, "endpoint": s3_endpoint, "prefix": "kept"}


def stored_keys(s3: dict[str, str]) -> list[str]:
    """Every object in the test's bucket."""
    listed = s3_client(s3["endpoint"]).list_objects_v2(Bucket=s3["bucket"])
    return [item["Key"] for item in listed.get("Contents", [])]
