"""Media on S3-compatible object storage (django-storages), against moto's S3 server on loopback.

With production settings and AWS_STORAGE_BUCKET_NAME set, uploads and their renditions go to the bucket,
pages link to them there, and `manage.py backup` / `restore` bring a wiped bucket back.
"""

import json
import re
import secrets
import shutil
import subprocess
import urllib.request

import boto3
import pytest
import redis

from tests.production import servers

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.redis]

BUCKET = "journos-media"
CREDENTIALS = {"aws_access_key_id": "journos", "aws_secret_access_key": "journos-secret", "region_name": "us-east-1"}
# As docs/scaling.md asks: anyone may read pictures; documents stay private (the app serves them).
PUBLIC_IMAGES = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": "*",
            "Action": "s3:GetObject",
            "Resource": [f"arn:aws:s3:::{BUCKET}/original_images/*", f"arn:aws:s3:::{BUCKET}/images/*"],
        }
    ],
}
CONTENT = """
from journos.core.factories import ImageFactory
from journos.news.factories import ArticlePageFactory, SectionPageFactory
from tests.utils import make_site
politics = SectionPageFactory(parent=make_site(), title="Politics", slug="politics")
picture = ImageFactory(title="Harbour at dawn")
ArticlePageFactory(parent=politics, title="Harbour reopens", slug="harbour", featured_image=picture)
print(picture.file.name)
"""


@pytest.fixture
def s3_endpoint(tmp_path):
    moto_server = shutil.which("moto_server", path=str(servers.REPO / ".venv/bin")) or shutil.which("moto_server")
    if moto_server is None:
        pytest.fail("moto's S3 server is needed for this test (requirements-dev.txt: moto[server])")
    port = servers.free_port()
    process = servers.start([moto_server, "-H", "127.0.0.1", "-p", str(port)], log=tmp_path / "moto.log")
    servers.wait_for_port(port, process)
    yield f"http://127.0.0.1:{port}"
    servers.stop(process)


def bucket_contents(endpoint: str) -> dict[str, bytes]:
    s3 = boto3.resource("s3", endpoint_url=endpoint, **CREDENTIALS)
    return {item.key: item.get()["Body"].read() for item in s3.Bucket(BUCKET).objects.all()}


def test_media_live_in_the_bucket_and_come_back_from_a_backup(s3_endpoint, tmp_path, static_root, redis_url):
    from django.db import connection

    prefix = f"journos-s3-{secrets.token_hex(4)}"  # this run's own cache keys
    s3_client = boto3.client("s3", endpoint_url=s3_endpoint, **CREDENTIALS)
    s3_client.create_bucket(Bucket=BUCKET)
    s3_client.put_bucket_policy(Bucket=BUCKET, Policy=json.dumps(PUBLIC_IMAGES))
    env = servers.production_env(
        database_url=servers.shared_database_url(connection, tmp_path),
        redis_url=redis_url,
        prefix=prefix,
        workdir=tmp_path,
        static_root=static_root,
    )
    env |= {
        "AWS_ACCESS_KEY_ID": CREDENTIALS["aws_access_key_id"],
        "AWS_SECRET_ACCESS_KEY": CREDENTIALS["aws_secret_access_key"],
        "AWS_STORAGE_BUCKET_NAME": BUCKET,
        "AWS_S3_ENDPOINT_URL": s3_endpoint,
        "AWS_S3_REGION_NAME": "us-east-1",
        "TASK_BACKEND": "immediate",
    }
    created = servers.run_django(CONTENT, env)
    assert created.returncode == 0, created.stderr
    original = created.stdout.strip()
    assert original in bucket_contents(s3_endpoint)  # the upload went to the bucket, not to MEDIA_ROOT
    assert not (tmp_path / "media").exists()

    gunicorn, port = servers.start_gunicorn(env, tmp_path)
    try:
        page = urllib.request.urlopen(f"http://127.0.0.1:{port}/politics/harbour/", timeout=10).read().decode()
    finally:
        servers.stop(gunicorn)
    picture_url = re.findall(re.escape(s3_endpoint) + r"/[^\s\"',]+", page)[0]
    with urllib.request.urlopen(picture_url, timeout=10) as picture:  # the rendition, served by the bucket
        assert picture.headers["Content-Type"].startswith("image/")
    stored = bucket_contents(s3_endpoint)
    assert len(stored) >= 2  # the original and the page's renditions

    archive = tmp_path / "site.tar"
    manage = [servers.PYTHON, "manage.py"]
    subprocess.run([*manage, "backup", str(archive)], cwd=servers.REPO, env=env, check=True, capture_output=True)
    s3 = boto3.resource("s3", endpoint_url=s3_endpoint, **CREDENTIALS)
    s3.Bucket(BUCKET).objects.all().delete()
    assert bucket_contents(s3_endpoint) == {}

    restore = [*manage, "restore", str(archive), "--yes"]
    restored = subprocess.run(restore, cwd=servers.REPO, env=env, capture_output=True, text=True)
    assert restored.returncode == 0, restored.stderr
    assert bucket_contents(s3_endpoint) == stored
    client = redis.Redis.from_url(redis_url)
    for key in client.scan_iter(f"{prefix}*"):
        client.delete(key)
