#!/usr/bin/env python3
"""A local stand-in for the Hugging Face Hub, serving one model repository from a folder.

It answers the three requests `loupe models download` makes, shaped like the real Hub's replies:
  GET /api/models/REPO/revision/REV         {"id", "sha", "siblings"}; X-Error-Code on errors
  GET /api/models/REPO/tree/REV?recursive=true
                                            [{"type", "path", "size", "oid", "lfs": {"oid", "size", "pointerSize"}}],
                                            paginated with a Link: <...>; rel="next" header
  GET /REPO/resolve/REV/PATH                the file; optionally LFS files by a 302 to a "CDN" URL on
                                            another host name, as the Hub hands them to its CDN, and
                                            the others by a relative 307 to /api/resolve-cache/..., as
                                            the Hub serves small files from its cache
Range requests get 206 with Content-Range (416 past the end). Faults for the tests to provoke:
a dropped connection or a stall after some bytes, corrupted content, an ignored Range header,
a required token, failing API requests. Every request is logged as one JSON line (--log) *before* its body is sent, so
the log is complete by the time the client has the bytes: the tests count bytes served from it.

Standard library only; binds 127.0.0.1 on a free port and writes the port to --port-file.
"""
import argparse
import fnmatch
import hashlib
import json
import os
import socket
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

STOP = threading.Event()


def parse_args():
    p = argparse.ArgumentParser()
    p.add_argument("--root", required=True, help="folder whose files are the repository")
    p.add_argument("--repo", required=True, help="OWNER/NAME served")
    p.add_argument("--port-file", required=True)
    p.add_argument("--log", required=True)
    p.add_argument("--lfs", default="*.safetensors", help="glob of files stored with LFS (sha256)")
    p.add_argument("--token", help="require 'Authorization: Bearer TOKEN' on the API and resolve URLs")
    p.add_argument("--gated", action="store_true", help="answer a missing token as a gated repository")
    p.add_argument("--redirect", action="store_true",
                   help="302 LFS files to /cdn/ on --cdn-host, 307 the others to a relative /api/resolve-cache/ URL")
    p.add_argument("--cdn-host", default="localhost")
    p.add_argument("--drop", action="append", default=[], help="PATH:BYTES: the first response closes after BYTES")
    p.add_argument("--stall", action="append", default=[], help="PATH:BYTES: send BYTES, then hang")
    p.add_argument("--corrupt", action="append", default=[], help="PATH: serve it with one byte flipped")
    p.add_argument("--ignore-range", action="store_true", help="answer Range requests with the whole file (200)")
    p.add_argument("--page-size", type=int, default=1000, help="tree entries per page")
    p.add_argument("--fail-api", type=int, default=0, help="answer the first N API requests with 503")
    return p.parse_args()


def build_repo(args):
    files = {}
    for folder, _, names in os.walk(args.root):
        for name in names:
            full = os.path.join(folder, name)
            path = os.path.relpath(full, args.root).replace(os.sep, "/")
            with open(full, "rb") as f:
                data = f.read()
            entry = {"type": "file", "path": path, "size": len(data),
                     "oid": hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()}
            if fnmatch.fnmatch(path, args.lfs):
                sha256 = hashlib.sha256(data).hexdigest()
                # For an LFS file the top-level oid is the git blob id of its pointer file.
                pointer = b"version https://git-lfs.github.com/spec/v1\noid sha256:%s\nsize %d\n" % (sha256.encode(), len(data))
                entry["oid"] = hashlib.sha1(b"blob %d\0" % len(pointer) + pointer).hexdigest()
                entry["lfs"] = {"oid": sha256, "size": len(data), "pointerSize": len(pointer)}
            files[path] = (entry, data)
    listing = sorted(files)
    commit = hashlib.sha1("".join(files[p][0]["oid"] for p in listing).encode()).hexdigest()
    return files, commit


def main():
    args = parse_args()
    files, commit = build_repo(args)
    by_sha256 = {e["lfs"]["oid"]: p for p, (e, _) in files.items() if "lfs" in e}
    drops = {p: int(n) for p, n in (d.rsplit(":", 1) for d in args.drop)}
    stalls = {p: int(n) for p, n in (s.rsplit(":", 1) for s in args.stall)}
    corrupt = set(args.corrupt)
    api_failures = [args.fail_api]
    log_lock = threading.Lock()
    log = open(args.log, "a")

    def record(**fields):
        with log_lock:
            log.write(json.dumps(fields, sort_keys=True) + "\n")
            log.flush()

    def content(path):
        data = files[path][1]
        if path in corrupt and data:
            data = bytes([data[0] ^ 0xFF]) + data[1:]
        return data

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *_):
            pass

        def reply_json(self, status, body, headers=None):
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(data)

        def error(self, status, code=None, message=None):
            headers = {}
            if code:
                headers["X-Error-Code"] = code
            if message:
                headers["X-Error-Message"] = message
            record(kind="error", path=self.path, status=status, auth=self.has_auth())
            self.reply_json(status, {"error": message or code or "error"}, headers)

        def has_auth(self):
            return "Authorization" in self.headers

        def authorized(self):
            """None when the request may go on, else the error reply already sent."""
            if args.token is None:
                return True
            given = self.headers.get("Authorization")
            if given is None:
                if args.gated:
                    self.error(401, "GatedRepo", "Access to model %s is restricted. You must have access to it and be authenticated to access it. Please log in." % args.repo)
                else:
                    self.error(401, "RepoNotFound", "Repository not found")
                return False
            if given != "Bearer " + args.token:
                self.error(401, None, "Invalid credentials in Authorization header")
                return False
            return True

        def do_GET(self):
            url = urllib.parse.urlsplit(self.path)
            path = urllib.parse.unquote(url.path)
            query = urllib.parse.parse_qs(url.query)
            if path.startswith("/cdn/"):
                return self.serve_cdn(path[len("/cdn/"):])
            if path.startswith("/api/resolve-cache/models/" + args.repo + "/"):
                if not self.authorized():
                    return
                revision, _, file_path = path[len("/api/resolve-cache/models/" + args.repo + "/"):].partition("/")
                if revision != commit or file_path not in files:
                    return self.error(404, "EntryNotFound", file_path + " not in the cache")
                return self.serve_bytes("resolve", file_path)
            if path.startswith("/api/models/"):
                return self.serve_api(path[len("/api/models/"):], query)
            if path.startswith("/" + args.repo + "/resolve/"):
                if not self.authorized():
                    return
                rest = path[len("/" + args.repo + "/resolve/"):]
                revision, _, file_path = rest.partition("/")
                if revision not in ("main", commit):
                    return self.error(404, "RevisionNotFound", "Invalid rev id: " + revision)
                if file_path not in files:
                    return self.error(404, "EntryNotFound", file_path + " does not exist on \"" + revision + "\"")
                entry = files[file_path][0]
                if args.redirect and "lfs" in entry:
                    record(kind="redirect", path=file_path, status=302, auth=self.has_auth())
                    self.send_response(302)
                    self.send_header("Location", "http://%s:%d/cdn/%s?X-Signature=test" % (args.cdn_host, self.server.server_port, entry["lfs"]["oid"]))
                    self.send_header("X-Repo-Commit", commit)
                    self.send_header("X-Linked-Etag", '"%s"' % entry["lfs"]["oid"])
                    self.send_header("X-Linked-Size", str(entry["size"]))
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                if args.redirect:
                    record(kind="redirect", path=file_path, status=307, auth=self.has_auth())
                    self.send_response(307)
                    self.send_header("Location", "/api/resolve-cache/models/%s/%s/%s" % (args.repo, commit, urllib.parse.quote(file_path)))
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                return self.serve_bytes("resolve", file_path)
            # Anything else is another repository, answered as the Hub does: 401 without a token.
            if self.has_auth():
                return self.error(404, "RepoNotFound", "Repository not found")
            return self.error(401, "RepoNotFound", "Repository not found")

        def serve_api(self, rest, query):
            if api_failures[0] > 0:
                api_failures[0] -= 1
                return self.error(503, None, "Service Unavailable")
            if not rest.startswith(args.repo + "/"):
                return self.error(404 if self.has_auth() else 401, "RepoNotFound", "Repository not found")
            if not self.authorized():
                return
            kind, _, revision = rest[len(args.repo) + 1:].partition("/")
            if revision not in ("main", commit):
                return self.error(404, "RevisionNotFound", "Invalid rev id: " + revision)
            if kind == "revision":
                record(kind="api", path=self.path, status=200, auth=self.has_auth())
                return self.reply_json(200, {"id": args.repo, "sha": commit,
                                             "siblings": [{"rfilename": p} for p in sorted(files)]})
            if kind == "tree":
                entries = []
                folders = set()
                for p in sorted(files):
                    parts = p.split("/")[:-1]
                    for i in range(1, len(parts) + 1):
                        folder = "/".join(parts[:i])
                        if folder not in folders:
                            folders.add(folder)
                            entries.append({"type": "directory", "path": folder, "size": 0,
                                            "oid": hashlib.sha1(folder.encode()).hexdigest()})
                    entries.append(files[p][0])
                start = int(query.get("cursor", ["0"])[0])
                page = entries[start:start + args.page_size]
                headers = {}
                if start + args.page_size < len(entries):
                    headers["Link"] = '<http://127.0.0.1:%d/api/models/%s/tree/%s?recursive=true&cursor=%d>; rel="next"' % (
                        self.server.server_port, args.repo, revision, start + args.page_size)
                record(kind="api", path=self.path, status=200, auth=self.has_auth())
                return self.reply_json(200, page, headers)
            return self.error(404, None, "Not found")

        def serve_cdn(self, rest):
            sha256 = rest.split("?")[0]
            if sha256 not in by_sha256:
                return self.error(404, None, "NoSuchKey")
            return self.serve_bytes("cdn", by_sha256[sha256])

        def serve_bytes(self, kind, file_path):
            data = content(file_path)
            size = len(data)
            start = 0
            status = 200
            requested = self.headers.get("Range")
            if requested and not args.ignore_range:
                spec = requested.strip()
                if not spec.startswith("bytes=") or "," in spec:
                    return self.error(400, None, "bad range " + spec)
                first, _, last = spec[len("bytes="):].partition("-")
                start = int(first)
                end = int(last) if last else size - 1
                if start >= size:
                    record(kind=kind, path=file_path, status=416, range_start=start, bytes=0, auth=self.has_auth())
                    self.send_response(416)
                    self.send_header("Content-Range", "bytes */%d" % size)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                data = data[start:min(end, size - 1) + 1]
                status = 206
            limit = len(data)
            fault = None
            if file_path in drops:
                limit, fault = min(limit, drops.pop(file_path)), "drop"
            elif file_path in stalls:
                limit, fault = min(limit, stalls.pop(file_path)), "stall"
            record(kind=kind, path=file_path, status=status, range_start=start, bytes=limit, fault=fault,
                   auth=self.has_auth())
            self.send_response(status)
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Accept-Ranges", "bytes")
            if status == 206:
                self.send_header("Content-Range", "bytes %d-%d/%d" % (start, start + len(data) - 1, size))
            self.send_header("ETag", '"%s"' % files[file_path][0].get("lfs", {}).get("oid", files[file_path][0]["oid"]))
            self.end_headers()
            self.wfile.write(data[:limit])
            self.wfile.flush()
            if fault == "stall":
                STOP.wait(120)
            if fault:
                self.close_connection = True
                try:
                    self.connection.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    with open(args.port_file + ".tmp", "w") as f:
        f.write(str(server.server_port))
    os.replace(args.port_file + ".tmp", args.port_file)
    try:
        server.serve_forever()
    finally:
        STOP.set()


if __name__ == "__main__":
    main()
