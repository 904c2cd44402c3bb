"""The real S3 server of the scale-out tests (SeaweedFS on loopback), for the faults that involve a bucket."""

from tests.scale.conftest import s3_server, use_bucket  # noqa: F401  (fixtures, found by their names)
