"""Where uploads and the cache live when Gestor MIPG runs on more than one machine (issue 14 items 7, 9).

- `s3_storage_config` / `cache_config` turn the environment into STORAGES/CACHES entries (settings/platform.py
  imports them, so this module imports nothing of Django's at load time).
- `stored_names`, `read_stored`, `write_stored` and `stored_sha256` go through the *default storage
  API* (local folder or S3 bucket alike), so backups, restores and integrity checks never assume a
  filesystem path."""

import hashlib
from urllib.parse import parse_qs, urlsplit

DATABASE_CACHE_TABLE = "mipg_cache"


def s3_storage_config(
    *,
    bucket: str,
    endpoint_url: str = "",
    access_key: str = "",
    secret_key: str = "",
    region: str = "",
    location: str = "",
) -> dict:
    """STORAGES["default"] for an S3-compatible bucket. Objects are private (`default_acl` private);
    URLs would be signed (`querystring_auth`) but the app never hands one out: every download goes
    through a view that checks who is asking and streams the object itself."""
    options = {
        "bucket_name": bucket,
        "default_acl": "private",
        "querystring_auth": True,
        "file_overwrite": False,  # two uploads with the same name never replace each other
        "location": location,
    }
    if endpoint_url:
        options["endpoint_url"] = endpoint_url
    if access_key:
        options["access_key"] = access_key
    if secret_key:
        options["secret_key"] = secret_key
    if region:
        options["region_name"] = region
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}


def cache_config(url: str) -> dict:
    """CACHES["default"] from MIPG_CACHE_URL: `db://` (optionally `db://table_name`) for Django's
    database cache, `redis://…`/`rediss://…` for Django's built-in Redis cache, `locmem://` for the
    per-process cache. Anything else is a configuration mistake and stops the start."""
    parts = urlsplit(url)
    if parts.scheme == "db":
        table = (parts.netloc + parts.path).strip("/") or DATABASE_CACHE_TABLE
        return {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": table}
    if parts.scheme in ("redis", "rediss"):
        config = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
        prefix = parse_qs(parts.query).get("key_prefix")
        if prefix:
            config["KEY_PREFIX"] = prefix[0]
        return config
    if parts.scheme == "locmem":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    raise ValueError(f"MIPG_CACHE_URL no reconocida: {url!r} (use db://, redis://… o locmem://).")


def stored_names(storage=None, folder: str = ""):
    """Every file name in the storage (recursively), as the names FileFields hold."""
    from django.core.files.storage import default_storage

    storage = storage or default_storage
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield f"{folder}/{name}" if folder else name
    for sub in sorted(folders):
        yield from stored_names(storage, f"{folder}/{sub}" if folder else sub)


def read_stored(name: str, storage=None) -> bytes:
    from django.core.files.storage import default_storage

    with (storage or default_storage).open(name, "rb") as handle:
        return handle.read()


def write_stored(name: str, content, storage=None) -> str:
    """Write `content` (bytes or a file) under exactly `name`, replacing what was there (a restore must
    put each object back where the database rows point)."""
    from django.core.files.base import ContentFile, File
    from django.core.files.storage import default_storage

    storage = storage or default_storage
    if storage.exists(name):
        storage.delete(name)
    data = ContentFile(content) if isinstance(content, bytes) else File(content)
    saved = storage.save(name, data)
    if saved != name:  # the storage would not keep the name: the rows would point nowhere
        storage.delete(saved)
        raise OSError(f"El almacenamiento guardó «{saved}» en lugar de «{name}».")
    return saved


def stored_sha256(field_file) -> str:
    """SHA-256 of the object as it is in storage now (compare with the digest recorded at upload)."""
    digest = hashlib.sha256()
    with field_file.storage.open(field_file.name, "rb") as handle:
        for chunk in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()
