#!/usr/bin/env python3
"""Builds the OCI-layout tar fixtures of the image rules that read layers.

    python3 scripts/make-image-fixtures.py

writes `good.tar` and `bad.tar` under tests/fixtures/image/{no-embedded-private-key,
no-endpoint-certificate,minimal-base}/. The output is byte-for-byte reproducible (fixed
mtimes, owners and gzip headers; real sha256 digests), so rerunning it after an edit gives a
reviewable change. The keys and certificates below were made once with `openssl req` and
`ssh-keygen` for these fixtures only: they protect nothing.
"""

import gzip
import hashlib
import io
import json
import tarfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "image"

# A root CA (basicConstraints critical, CA:TRUE).
CA = """\
-----BEGIN CERTIFICATE-----
MIIBojCCAUmgAwIBAgIURiDsETV+sXV2OF+dltvyOHnlVkcwCgYIKoZIzj0EAwIw
HzEdMBsGA1UEAwwURXhhbXBsZSBDb3JwIFJvb3QgQ0EwHhcNMjYxMjA0MTg1MzQ1
WhcNMzYxMjAxMTg1MzQ1WjAfMR0wGwYDVQQDDBRFeGFtcGxlIENvcnAgUm9vdCBD
QTBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABMdYjXei/H89v2artRedEr9V7AgO
fBKoTVqAeIr8DleARFiq9dGYurdNhp+iiXHLwGjmRAUXhuV528JRrrURx+KjYzBh
MB0GA1UdDgQWBBTxnteCAS7TtNlLoa4Pvto+qbiwhjAfBgNVHSMEGDAWgBTxnteC
AS7TtNlLoa4Pvto+qbiwhjAPBgNVHRMBAf8EBTADAQH/MA4GA1UdDwEB/wQEAwIB
BjAKBggqhkjOPQQDAgNHADBEAiAtG9KdOZ7aD1BcMxak4b83qNCzKxdEpIFRaBD0
7ItiaQIgYDJRwHUi93grJQACdm2uOpn6I0Q28TQOG2sB0/l9B00=
-----END CERTIFICATE-----
"""

LEAF_CERT = """\
-----BEGIN CERTIFICATE-----
MIIBpTCCAUugAwIBAgIUPNIMVo0CVZkFdzSPU5z480YBVZcwCgYIKoZIzj0EAwIw
HzEdMBsGA1UEAwwURXhhbXBsZSBDb3JwIFJvb3QgQ0EwHhcNMjYxMjA0MTg1MzQ1
WhcNMjcxMjA0MTg1MzQ1WjAZMRcwFQYDVQQDDA5hcGkuZXhhbXBsZS5mcjBZMBMG
ByqGSM49AgEGCCqGSM49AwEHA0IABMNOiW/H91ZGH5KEwGxpCaxiehfIAgsOumb+
O6UHmySNPFwoucNNtosWWcHx294hLWvRlcccF43h+E7Q3rrXkZ+jazBpMAwGA1Ud
EwEB/wQCMAAwGQYDVR0RBBIwEIIOYXBpLmV4YW1wbGUuZnIwHQYDVR0OBBYEFGll
gTpn9T0ZC6lyapuXOjglua8QMB8GA1UdIwQYMBaAFPGe14IBLtO02Uuhrg++2j6p
uLCGMAoGCCqGSM49BAMCA0gAMEUCIE5V6B9R1j74ccuHDUO6OPy/jDHztPu2XN8h
Qfu9xaaoAiEA25NhGN8xDq/H+fCbErnUzJ9fyrNniAR7cIkqvmKsa7U=
-----END CERTIFICATE-----
"""

LEAF_KEY = """\
-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgrR7eFWCxO9XZpdJi
ZjaacQOq0qjWfJT9DvjAmNrFENehRANCAATDTolvx/dWRh+ShMBsaQmsYnoXyAIL
Drpm/julB5skjTxcKLnDTbaLFlnB8dveIS1r0ZXHHBeN4fhO0N6615Gf
-----END PRIVATE KEY-----
"""

SSH_KEY = """\
-----BEGIN OPENSSH PRIVATE KEY-----
b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW
QyNTUxOQAAACBlkV/ZlzUpemTGESFV63Lx4MB9peCoMRdypOyUcn4nNwAAAJAl+MqfJfjK
nwAAAAtzc2gtZWQyNTUxOQAAACBlkV/ZlzUpemTGESFV63Lx4MB9peCoMRdypOyUcn4nNw
AAAED93FeV24COqP3x/Yf9D+c2thFePX4B62NiwUsVXZP6BWWRX9mXNSl6ZMYRIVXrcvHg
wH2l4KgxF3Kk7JRyfic3AAAAB2ZpeHR1cmUBAgMEBQY=
-----END OPENSSH PRIVATE KEY-----
"""

PUBLIC_KEY = """\
-----BEGIN PUBLIC KEY-----
MCowBQYDK2VwAyEAC+ZGcct0w2aiLra0hVOGt8uawqMBXaVmAhYzSH/aPU4=
-----END PUBLIC KEY-----
"""

ISSUING_CA = """\
-----BEGIN CERTIFICATE-----
MIIBmDCCAT+gAwIBAgIULvO6xKYX44Xsufh5Z5UtawGJ4Q0wCgYIKoZIzj0EAwIw
IjEgMB4GA1UEAwwXRXhhbXBsZSBDb3JwIElzc3VpbmcgQ0EwHhcNMjYxMjA0MTg1
MzU3WhcNMzYxMjAxMTg1MzU3WjAiMSAwHgYDVQQDDBdFeGFtcGxlIENvcnAgSXNz
dWluZyBDQTBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABNqrQRLhLqaY3rEfdTeZ
1RFGC42ebSmlNjCog5DKvs0xbFGyOCGXfSo5hQz8HWPOe+tQhC0zoyrPWfJ2ntXB
UI6jUzBRMB0GA1UdDgQWBBRF4f2n6LGMX4Hbdz4l+bUVvjONtDAfBgNVHSMEGDAW
gBRF4f2n6LGMX4Hbdz4l+bUVvjONtDAPBgNVHRMBAf8EBTADAQH/MAoGCCqGSM49
BAMCA0cAMEQCIEZlz6Gui8fQFyFt/6jO+zJ46phDqPW6HJF6EkwCOEgkAiBSj8sp
ifzuhUjezQ0EqSp5lOYgKIRfDm2I7l71u0k4FA==
-----END CERTIFICATE-----
"""

# A binary that quotes the PEM markers (as libssl does): NUL bytes first, so it is not text.
BINARY = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 56 + LEAF_KEY.encode() + b"\x00" * 64

# A README documenting the format, with a placeholder body.
README = b"""# TLS

Mount the key at run time; it looks like:

-----BEGIN RSA PRIVATE KEY-----
...
-----END RSA PRIVATE KEY-----
"""

OS_RELEASE = b'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\nVERSION_ID="12"\n'


def tar_bytes(entries):
    """A tar of `entries`: (path, bytes) files, (path, "->", target) symlinks."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.USTAR_FORMAT) as t:
        for e in entries:
            info = tarfile.TarInfo(e[0])
            info.mtime, info.uid, info.gid, info.uname, info.gname = 0, 0, 0, "", ""
            if len(e) == 3:
                info.type, info.linkname, info.mode = tarfile.SYMTYPE, e[2], 0o777
                t.addfile(info)
            else:
                data = e[1]
                info.size, info.mode = len(data), 0o755 if "bin/" in e[0] else 0o644
                t.addfile(info, io.BytesIO(data))
    return buf.getvalue()


def sha(data):
    return "sha256:" + hashlib.sha256(data).hexdigest()


class Layout:
    """The blobs and index of an OCI image layout."""

    def __init__(self):
        self.blobs = {}
        self.manifests = []

    def blob(self, data):
        digest = sha(data)
        self.blobs["blobs/sha256/" + digest[7:]] = data
        return digest, len(data)

    def image(self, layers, arch="amd64", name="registry.example.fr/team/app:1.4.2"):
        tars = [tar_bytes(entries) for entries in layers]
        config = {
            "created": "2026-11-20T10:00:00Z",
            "architecture": arch,
            "os": "linux",
            "config": {
                "User": "10001",
                "Entrypoint": ["/app/server"],
                "Labels": {"org.opencontainers.image.version": "1.4.2"},
            },
            "rootfs": {"type": "layers", "diff_ids": [sha(t) for t in tars]},
        }
        cd, cs = self.blob(json.dumps(config, indent=2).encode() + b"\n")
        descriptors = []
        for t in tars:
            d, s = self.blob(gzip.compress(t, mtime=0))
            descriptors.append(
                {"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": d, "size": s}
            )
        manifest = {
            "schemaVersion": 2,
            "mediaType": "application/vnd.oci.image.manifest.v1+json",
            "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": cd, "size": cs},
            "layers": descriptors,
        }
        md, ms = self.blob(json.dumps(manifest, indent=2).encode() + b"\n")
        self.manifests.append(
            {
                "mediaType": "application/vnd.oci.image.manifest.v1+json",
                "digest": md,
                "size": ms,
                "platform": {"architecture": arch, "os": "linux"},
                "annotations": {"io.containerd.image.name": name},
            }
        )
        return self

    def write(self, path):
        index = {
            "schemaVersion": 2,
            "mediaType": "application/vnd.oci.image.index.v1+json",
            "manifests": self.manifests,
        }
        files = [("oci-layout", b'{"imageLayoutVersion": "1.0.0"}\n')]
        files.append(("index.json", json.dumps(index, indent=2).encode() + b"\n"))
        files.extend(sorted(self.blobs.items()))
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(tar_bytes(files))


def b(s):
    return s.encode()


BASE = [
    ("etc/os-release", OS_RELEASE),
    ("etc/ssl/certs/ca-certificates.crt", b(CA + ISSUING_CA)),
    ("usr/lib/x86_64-linux-gnu/libfake.so.3", BINARY),
]


def private_keys():
    d = ROOT / "no-embedded-private-key"
    # Layer 1 adds a key and its certificate; layer 2 deletes the key (it stays in layer 1) and
    # adds an SSH key. The README's placeholder and the binary are not keys.
    Layout().image(
        [
            BASE,
            [("etc/app/tls/server.key", b(LEAF_KEY)), ("etc/app/tls/server.crt", b(LEAF_CERT))],
            [
                ("etc/app/tls/.wh.server.key", b""),
                ("home/app/.ssh/id_ed25519", b(SSH_KEY)),
                ("app/README.md", README),
            ],
        ]
    ).write(d / "bad.tar")
    # A public key, a placeholder, a binary quoting the marker, CA certificates: no private key.
    Layout().image(
        [
            BASE,
            [
                ("app/keys/signing.pub", b(PUBLIC_KEY)),
                ("app/README.md", README),
                ("app/certs/corp-root.pem", b(CA)),
            ],
        ]
    ).write(d / "good.tar")


def certificates():
    d = ROOT / "no-endpoint-certificate"
    # An endpoint certificate alone, and a chain whose second block is the endpoint's; a CA
    # outside the system directories passes.
    Layout().image(
        [
            BASE,
            [
                ("etc/app/tls/server.crt", b(LEAF_CERT)),
                ("app/certs/corp-root.pem", b(CA)),
                ("app/certs/chain.pem", b("# issuer first\n" + CA + LEAF_CERT)),
            ],
        ]
    ).write(d / "bad.tar")
    # Root CAs in the system directory and outside it, and a public key: no endpoint certificate.
    Layout().image(
        [
            BASE,
            [
                ("usr/local/share/ca-certificates/corp-issuing.crt", b(ISSUING_CA)),
                ("app/certs/corp-root.pem", b(CA)),
                ("app/keys/signing.pub", b(PUBLIC_KEY)),
            ],
        ]
    ).write(d / "good.tar")


def minimal():
    d = ROOT / "minimal-base"
    debian = [
        ("etc/os-release", OS_RELEASE),
        ("usr/bin/apt-get", b"\x7fELF apt-get\x00"),
        ("usr/bin/dpkg", b"\x7fELF dpkg\x00"),
        ("usr/bin/dash", b"\x7fELF dash\x00"),
        ("usr/bin/sh", "->", "dash"),
        ("bin", "->", "usr/bin"),
    ]
    alpine = [
        ("etc/os-release", b'ID=alpine\nVERSION_ID=3.20.3\n'),
        ("bin/busybox", b"\x7fELF busybox\x00"),
        ("bin/sh", "->", "/bin/busybox"),
        ("sbin/apk", b"\x7fELF apk\x00"),
    ]
    app = [("app/server", b"\x7fELF server\x00")]
    # amd64: a Debian base as is; arm64: an Alpine base whose package manager a later layer
    # deletes (whiteout), which leaves its shell.
    layout = Layout().image([debian, app], "amd64")
    layout.image([alpine, app, [("sbin/.wh.apk", b"")]], "arm64")
    layout.write(d / "bad.tar")
    # A distroless-like base: dpkg's metadata but no dpkg; a debug layer's shell and package
    # manager removed by a later layer (an opaque `bin` and a whiteout), and files whose names
    # only look like tools.
    distroless = [
        ("etc/os-release", OS_RELEASE),
        ("var/lib/dpkg/status.d/base", b"Package: base-files\n"),
        ("usr/bin/python3", b"\x7fELF python3\x00"),
        ("usr/share/bash-completion/completions/apt", b"# completion\n"),
        ("usr/local/bin/apt-get-wrapper.txt", b"not a binary\n"),
    ]
    debug = [("bin/busybox", b"\x7fELF busybox\x00"), ("bin/sh", "->", "busybox"), ("usr/bin/apt-get", b"\x7fELF\x00")]
    cleanup = [("bin/.wh..wh..opq", b""), ("bin/app-health", b"\x7fELF\x00"), ("usr/bin/.wh.apt-get", b"")]
    Layout().image([distroless, debug, cleanup, app]).write(d / "good.tar")


if __name__ == "__main__":
    private_keys()
    certificates()
    minimal()
