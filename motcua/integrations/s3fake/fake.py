"""A small fake of S3-compatible object storage over HTTP, for the tests and the demo: what
django-storages' S3 backend (boto3) uses — PUT, GET, HEAD, DELETE of objects (path-style
`/<bucket>/<key>`), HEAD of a bucket, ListObjectsV2. Objects live in memory; signatures are
not checked (it is a test double, bound to 127.0.0.1)."""

from __future__ import annotations

import hashlib
import threading
from email.utils import formatdate
from urllib.parse import parse_qs, unquote, urlsplit
from xml.sax.saxutils import escape

from motcua.integrations.fakes import FakeServer, JsonHandler


class S3FakeServer(FakeServer):
    def __init__(self, address: tuple[str, int]) -> None:
        super().__init__(address, _Handler)
        self.objects: dict[tuple[str, str], tuple[bytes, str]] = {}
        self.lock = threading.Lock()


class _Handler(JsonHandler):
    server: S3FakeServer
    protocol_version = "HTTP/1.1"

    def _split(self) -> tuple[str, str]:
        path = unquote(urlsplit(self.path).path).lstrip("/")
        bucket, _, key = path.partition("/")
        return bucket, key

    def _xml(self, status: int, body: str) -> None:
        data = ('<?xml version="1.0" encoding="UTF-8"?>' + body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/xml")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _not_found(self, head: bool = False) -> None:
        if head:
            self.send_empty(404)
        else:
            self._xml(404, "<Error><Code>NoSuchKey</Code><Message>Not found</Message></Error>")

    def _body(self) -> bytes:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            data = b""
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    self.rfile.readline()
                    break
                data += self.rfile.read(size)
                self.rfile.readline()
        else:
            data = self.read_body()
        if "aws-chunked" in self.headers.get("Content-Encoding", "") or self.headers.get(
            "x-amz-content-sha256", ""
        ).startswith("STREAMING-"):
            data = _decode_aws_chunked(data)
        return data

    def do_PUT(self) -> None:  # noqa: N802 - stdlib handler names
        bucket, key = self._split()
        data = self._body()
        if not key:
            self.send_empty(200)
            return
        with self.server.lock:
            self.server.objects[(bucket, key)] = (
                data,
                self.headers.get("Content-Type", "application/octet-stream"),
            )
        self.send_empty(200, {"ETag": f'"{hashlib.md5(data).hexdigest()}"'})  # noqa: S324

    def _object(self, head: bool) -> None:
        bucket, key = self._split()
        if not key:
            if head:
                self.send_empty(200)
            elif "list-type=2" in urlsplit(self.path).query:
                self._list(bucket)
            else:  # only ListObjectsV2 is faked (what django-storages uses)
                self._not_found(head)
            return
        found = self.server.objects.get((bucket, key))
        if found is None:
            self._not_found(head)
            return
        data, content_type = found
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("ETag", f'"{hashlib.md5(data).hexdigest()}"')  # noqa: S324
        self.send_header("Last-Modified", formatdate(usegmt=True))
        self.end_headers()
        if not head:
            self.wfile.write(data)

    def do_GET(self) -> None:  # noqa: N802
        self._object(head=False)

    def do_HEAD(self) -> None:  # noqa: N802
        self._object(head=True)

    def do_DELETE(self) -> None:  # noqa: N802
        bucket, key = self._split()
        with self.server.lock:
            self.server.objects.pop((bucket, key), None)
        self.send_empty(204)

    def _list(self, bucket: str) -> None:
        query = {k: v[0] for k, v in parse_qs(urlsplit(self.path).query).items()}
        prefix = query.get("prefix", "")
        keys = sorted(k for (b, k) in self.server.objects if b == bucket and k.startswith(prefix))
        items = "".join(
            f"<Contents><Key>{escape(k)}</Key><Size>{len(self.server.objects[(bucket, k)][0])}"
            "</Size></Contents>"
            for k in keys
        )
        self._xml(
            200,
            '<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">'
            f"<Name>{escape(bucket)}</Name><Prefix>{escape(prefix)}</Prefix>"
            f"<KeyCount>{len(keys)}</KeyCount><IsTruncated>false</IsTruncated>{items}"
            "</ListBucketResult>",
        )


def _decode_aws_chunked(data: bytes) -> bytes:
    """The aws-chunked body: `<hex size>;chunk-signature=…\\r\\n<bytes>\\r\\n` … `0;…\\r\\n`."""
    out = b""
    rest = data
    while rest:
        line, _, rest = rest.partition(b"\r\n")
        size = int(line.split(b";")[0] or b"0", 16)
        if size == 0:
            break
        out += rest[:size]
        rest = rest[size + 2 :]
    return out


def make_server(host: str = "127.0.0.1", port: int = 0) -> S3FakeServer:
    return S3FakeServer((host, port))
