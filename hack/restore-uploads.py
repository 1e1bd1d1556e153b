#!/usr/bin/env python3
"""Restores the uploads of one backup without the operator or its agent: Python and its `cryptography` package.

    BACKUP_ENCRYPTION_KEY=... hack/restore-uploads.py UPLOADS_FOLDER MANIFEST TARGET_DIR

UPLOADS_FOLDER is a copy of a target's `uploads/` folder (the local volume's, or downloaded from Drive or S3);
MANIFEST the file name of one backup's manifest in it (`loomio-<kind>-YYYYMMDD-HHMMSS.uploads.enc`, newest last when
sorted by that time). The format (docs/backups.md, "The users' uploads"): the manifest is a Fernet token of gzipped
JSON listing each file's path, size, mtime (ms) and blob; each blob is a Fernet token of the file's bytes. Fernet
checks each token's HMAC before it decrypts, so an altered file is refused. A 44-character key is used as it is;
anything else is the seed system's passphrase (PBKDF2-HMAC-SHA256, salt `loomio-backup-salt`, 100 000 rounds).
"""
import base64
import gzip
import json
import os
import sys

from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC


def fernet(secret):
    try:
        if len(base64.urlsafe_b64decode(secret)) == 32 and len(secret) == 44:
            return Fernet(secret)
    except ValueError:
        pass
    kdf = PBKDF2HMAC(algorithm=hashes.SHA256(), length=32, salt=b"loomio-backup-salt", iterations=100_000)
    return Fernet(base64.urlsafe_b64encode(kdf.derive(secret.encode())))


def main(folder, manifest_name, target):
    key = fernet(os.environ["BACKUP_ENCRYPTION_KEY"].strip())
    with open(os.path.join(folder, manifest_name), "rb") as f:
        manifest = json.loads(gzip.decompress(key.decrypt(f.read(), ttl=None)))
    for entry in manifest["files"]:
        path = os.path.normpath(os.path.join(target, entry["path"]))
        if not path.startswith(os.path.abspath(target) + os.sep) and not path.startswith(target + os.sep):
            sys.exit("unsafe path in the manifest: " + entry["path"])
        with open(os.path.join(folder, entry["blob"]), "rb") as f:
            content = key.decrypt(f.read(), ttl=None)
        if len(content) != entry["size"]:
            sys.exit("the blob of " + entry["path"] + " does not hold the file the manifest names")
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(content)
        os.utime(path, ns=(entry["mtime"] * 1_000_000, entry["mtime"] * 1_000_000))
    print("restored %d files of %s" % (len(manifest["files"]), manifest["backup"]))


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(*sys.argv[1:])
