"""The twin upstream: the real lockfiles' files with generated content, served from 127.0.0.1.

Every file of the real lockfiles (bench/lockfiles/) gets a twin with the same file name and
size and deterministic pseudo-random content, seeded by the real file's digest (so a noarch
RPM listed under two arches is one file, as it is upstream). The content is made on the fly,
1 MiB block by block, so 1.4+ GB never sits in memory or on disk; only the twins' digests are
computed once and kept in bench/results/twin-digests.json.

The twin lockfiles are the real ones with each URL and digest replaced textually, so their
format (pylock, package-lock, artifacts, rpms.lock.yaml) is exactly the real one.

npm and generic lockfiles carry no size: their twins get a size derived from the seed
(4 KiB to 516 KiB), which lazybuild learns with a HEAD request like it would upstream.

RPM twins start with a real RPM's lead, signature header and header when bench/run gives
templates (use_rpm_templates), so lazybuild can write repodata from their headers; the rest
of the file is generated as for every other twin.
"""

import base64
import hashlib
import json
import multiprocessing
import os
import random
import re
import socket
import threading
import time
import tomllib
import urllib.parse
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

BLOCK = 1 << 20
GENERATOR = "twin-v1"  # change it and every digest is recomputed
SEND_SLICE = 256 << 10

PIP, RPM, NPM, GENERIC = "pip", "rpm", "npm", "generic"


@dataclass(frozen=True)
class TwinFile:
    """One upstream file of a real lockfile and what its twin is made of."""
    ecosystem: str
    url: str            # the real URL
    digest: str         # the real digest, as the lockfile writes it (hex or SRI)
    algo: str           # sha256 or sha512: what the lockfile checks
    size: int
    arch: str           # x86_64, aarch64, ..., or noarch
    name: str           # file name in the url
    extra: dict         # per-ecosystem facts (rpm repoid, npm package name/version)

    @property
    def seed(self):
        return self.digest

    @property
    def server_path(self):
        u = urllib.parse.urlsplit(self.url)
        return "/" + u.netloc + u.path


def block(seed, index):
    return random.Random(f"{GENERATOR}:{seed}:{index}").randbytes(BLOCK)


RPM_TEMPLATES = []        # header prefixes of real RPMs, shortest first (use_rpm_templates)
RPM_HEADER_SHARE = 0.08   # a twin RPM's header is the largest template within this share of its size
RPM_MIN_SIZE = 8192       # twin RPMs are at least this large, to hold a real header


def use_rpm_templates(prefixes):
    """RPM twins start with one of these real RPM prefixes (lead, signature header, header)."""
    RPM_TEMPLATES[:] = sorted(prefixes, key=len)


def prefix_of(f):
    """The real RPM header a twin RPM starts with (b"" for other files or without templates):
    the largest template within RPM_HEADER_SHARE of the file's size, else the smallest that fits."""
    if f.ecosystem != RPM or not RPM_TEMPLATES:
        return b""
    fitting = [t for t in RPM_TEMPLATES if len(t) <= f.size * RPM_HEADER_SHARE]
    if fitting:
        return fitting[-1]
    return RPM_TEMPLATES[0] if len(RPM_TEMPLATES[0]) <= f.size else b""


def digest_key(f):
    """What a twin's digest depends on: its seed, size, algorithm and header template."""
    prefix = prefix_of(f)
    key = f"{f.seed}:{f.size}:{f.algo}"
    return key + ":hdr-" + hashlib.sha256(prefix).hexdigest()[:16] if prefix else key


def content(seed, size, start=0, end=None, prefix=b""):
    """Yields the twin's bytes from start to end (exclusive), in pieces of at most one block;
    the first len(prefix) bytes are the prefix's."""
    end = size if end is None else end
    pos = start
    if pos < min(len(prefix), end):
        yield prefix[pos:min(len(prefix), end)]
        pos = min(len(prefix), end)
    while pos < end:
        index = pos // BLOCK
        data = block(seed, index)
        lo = pos - index * BLOCK
        hi = min(BLOCK, end - index * BLOCK)
        yield data[lo:hi]
        pos += hi - lo


def seeded_size(seed):
    h = int.from_bytes(hashlib.sha256(seed.encode()).digest()[:4], "big")
    return 4096 + h % (512 << 10)


# ---------------------------------------------------------------- the real lockfiles

def _arch_of_wheel(name):
    platform = name[:-len(".whl")].rsplit("-", 1)[1]
    if platform == "any":
        return "noarch"
    return platform.split("_", 1)[1] if platform.startswith("linux_") else platform.rsplit("_", 1)[-1]


def read_real(lockfile_dir):
    """Every file the real lockfiles lock: list of TwinFile, in lockfile order."""
    files = []
    for fname in sorted(os.listdir(lockfile_dir)):
        path = os.path.join(lockfile_dir, fname)
        if re.fullmatch(r"(pylock\..+\.toml|.+\.pylock(\..+)?\.toml|pylock\.toml)", fname):
            with open(path, "rb") as f:
                lock = tomllib.load(f)
            for pkg in lock.get("packages", []):
                for w in pkg.get("wheels", []):
                    name = w["url"].rsplit("/", 1)[1]
                    files.append(TwinFile(PIP, w["url"], w["hashes"]["sha256"], "sha256", w["size"],
                                          _arch_of_wheel(name), name, {"package": pkg["name"]}))
                if "sdist" in pkg:
                    s = pkg["sdist"]
                    files.append(TwinFile(PIP, s["url"], s["hashes"]["sha256"], "sha256", s["size"],
                                          "noarch", s["url"].rsplit("/", 1)[1], {"package": pkg["name"]}))
        elif fname.endswith("package-lock.json"):
            with open(path) as f:
                lock = json.load(f)
            for key, pkg in lock.get("packages", {}).items():
                if "resolved" not in pkg or "integrity" not in pkg:
                    continue
                name = pkg.get("name") or key.rsplit("node_modules/", 1)[1]
                files.append(TwinFile(NPM, pkg["resolved"], pkg["integrity"], "sha512",
                                      seeded_size(pkg["integrity"]), "noarch", pkg["resolved"].rsplit("/", 1)[1],
                                      {"package": name, "version": pkg["version"]}))
        elif fname.endswith("rpms.lock.yaml"):
            files.extend(_read_rpms_lock(path))
        elif fname.endswith("artifacts.lock.yaml"):
            files.extend(_read_artifacts_lock(path))
    return files


def _yaml_items(path, start_key):
    """The flat '- key: value' items of the simple YAML these lockfiles use (no PyYAML in stdlib)."""
    arch = None
    item = None
    with open(path) as f:
        for line in f:
            m = re.match(r"^- arch: (\S+)", line)
            if m:
                arch = m.group(1)
                continue
            m = re.match(r"^\s*(- )?([a-z_]+): ?(.*)$", line)
            if not m:
                continue
            dash, key, value = m.groups()
            if dash and key == start_key:
                if item:
                    yield item
                item = {"_arch": arch}
            if item is not None and value:
                item[key] = value.strip().strip("'\"")
    if item:
        yield item


def _read_rpms_lock(path):
    out = []
    for it in _yaml_items(path, "url"):
        if "checksum" not in it:
            continue
        name = it["url"].rsplit("/", 1)[1]
        arch = "noarch" if name.endswith(".noarch.rpm") else it["_arch"]
        # A twin RPM must hold a real header (at least the smallest template, ~5.5 KB from rpmbuild
        # 4.18); the few smaller real ones (3 KB meta-packages) get twins of RPM_MIN_SIZE.
        size = max(int(it["size"]), RPM_MIN_SIZE)
        out.append(TwinFile(RPM, it["url"], it["checksum"].split(":", 1)[1], "sha256", size,
                            arch, name, {"repoid": it["repoid"], "lock_arch": it["_arch"], "real_size": int(it["size"])}))
    return out


def _read_artifacts_lock(path):
    out = []
    for it in _yaml_items(path, "download_url"):
        digest = it["checksum"].split(":", 1)[1]
        out.append(TwinFile(GENERIC, it["download_url"], digest, "sha256", seeded_size(digest), "noarch",
                            it.get("filename") or it["download_url"].rsplit("/", 1)[1], {}))
    return out


# ---------------------------------------------------------------- digests of the twins

def _digest_job(job):
    key, seed, size, algo, prefix = job
    h = hashlib.new(algo)
    for piece in content(seed, size, prefix=prefix):
        h.update(piece)
    return key, h.hexdigest()


def twin_digests(files, cache_path, workers=2):
    """{(seed, size, algo): hex digest of the twin}, computed once and cached on disk."""
    cache = {}
    if os.path.exists(cache_path):
        with open(cache_path) as f:
            cache = json.load(f)
        if cache.get("_generator") != GENERATOR:
            cache = {}
    jobs = sorted({(digest_key(f), f.seed, f.size, f.algo, prefix_of(f)) for f in files if digest_key(f) not in cache},
                  key=lambda j: -j[2])
    if jobs:
        total = sum(j[2] for j in jobs)
        print(f"twin: computing digests of {len(jobs)} files ({total / 1e9:.2f} GB), once", flush=True)
        with multiprocessing.Pool(workers) as pool:
            for key, hexdigest in pool.imap_unordered(_digest_job, jobs, chunksize=4):
                cache[key] = hexdigest
        cache["_generator"] = GENERATOR
        os.makedirs(os.path.dirname(cache_path), exist_ok=True)
        with open(cache_path + ".tmp", "w") as f:
            json.dump(cache, f)
        os.replace(cache_path + ".tmp", cache_path)
    return {k: v for k, v in cache.items() if not k.startswith("_")}


def twin_digest_text(f, digests):
    """The twin's digest written the way the lockfile writes the real one."""
    hexdigest = digests[digest_key(f)]
    if f.ecosystem == NPM:
        return "sha512-" + base64.b64encode(bytes.fromhex(hexdigest)).decode()
    return hexdigest


CANONICAL = ("package-lock.json", "artifacts.lock.yaml", "rpms.lock.yaml")


def write_twin_lockfiles(lockfile_dir, out_dir, files, digests, base_url):
    """Copies every lockfile to out_dir with the real digests replaced by the twins', under the
    name a build context uses (odh.rpms.lock.yaml becomes rpms.lock.yaml), so lazybuild finds
    them by itself. URLs stay the real ones: a lazybuild.toml beside them maps every real host
    to the twin server with [mirrors], so the tree (npm's registry file names too) is exactly
    what the real lockfiles give."""
    hashes = {f.digest: twin_digest_text(f, digests) for f in files}
    token = re.compile(r"sha512-[A-Za-z0-9+/=]+|\b[0-9a-f]{64}\b")
    os.makedirs(out_dir, exist_ok=True)
    written = []
    for fname in sorted(os.listdir(lockfile_dir)):
        if fname.endswith(".md"):
            continue
        with open(os.path.join(lockfile_dir, fname)) as f:
            text = f.read()
        text = token.sub(lambda m: hashes.get(m.group(0)) or m.group(0), text)
        for f in files:
            if f.ecosystem == RPM and f.size != f.extra["real_size"]:
                text = re.sub(r"(url: " + re.escape(f.url) + r"\n(?:[ \t]+[a-z_]+: .*\n)*?[ \t]+size: )"
                              + str(f.extra["real_size"]) + r"\b", lambda m: m.group(1) + str(f.size), text)
        name = next((c for c in CANONICAL if fname.endswith("." + c)), fname)
        target = os.path.join(out_dir, name)
        with open(target, "w") as f:
            f.write(text)
        written.append(target)
    hosts = sorted({urllib.parse.urlsplit(f.url).netloc for f in files})
    with open(os.path.join(out_dir, "lazybuild.toml"), "w") as f:
        f.write("# The twin server stands in for every real host.\n[mirrors]\n")
        for h in hosts:
            f.write(f'"https://{h}/" = "{base_url}/{h}/"\n')
    return written


# ---------------------------------------------------------------- the server

class TokenBucket:
    """Total bandwidth shared by every connection: each sender reserves its bytes and sleeps
    off the debt, so N connections get rate/N each, like one office link."""

    def __init__(self, bytes_per_second, burst=SEND_SLICE):
        self.rate = float(bytes_per_second)
        self.burst = burst
        self.tokens = float(burst)
        self.last = time.monotonic()
        self.lock = threading.Lock()

    def take(self, n):
        with self.lock:
            now = time.monotonic()
            self.tokens = min(self.burst, self.tokens + (now - self.last) * self.rate)
            self.last = now
            self.tokens -= n
            debt = -self.tokens
        if debt > 0:
            time.sleep(debt / self.rate)


class TwinServer:
    """A ThreadingHTTPServer on 127.0.0.1 serving the twins, with GET/HEAD, Range, a shared
    bandwidth limit, a fixed latency before every response and counters for the harness."""

    def __init__(self, files, bandwidth_bytes, latency_s, port=0):
        self.by_path = {f.server_path: f for f in files}
        self.bucket = TokenBucket(bandwidth_bytes)
        self.latency = latency_s
        self.lock = threading.Lock()
        self.reset()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", port), self._handler())
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, name="twin-server", daemon=True)

    @property
    def base_url(self):
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()

    def reset(self):
        with self.lock:
            self.gets = {}
            self.heads = 0
            self.bytes_sent = 0

    def stats(self):
        with self.lock:
            return {"gets": dict(self.gets), "heads": self.heads, "bytes": self.bytes_sent}

    def _handler(self):
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def setup(self):
                super().setup()
                # As nginx's tcp_nodelay: without it the body's first segment waits for the
                # client's delayed ACK of the headers (40 ms on Linux) on every reused connection.
                self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

            def log_message(self, *args):
                pass

            def do_HEAD(self):
                self._serve(body=False)

            def do_GET(self):
                self._serve(body=True)

            def _serve(self, body):
                time.sleep(server.latency)
                f = server.by_path.get(urllib.parse.urlsplit(self.path).path)
                if f is None:
                    self.send_response(404)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                start, end = 0, f.size
                rng = re.fullmatch(r"bytes=(\d*)-(\d*)", self.headers.get("Range", ""))
                status = 200
                if rng and f.size > 0:
                    start = int(rng.group(1)) if rng.group(1) else 0
                    end = int(rng.group(2)) + 1 if rng.group(2) else f.size
                    end = min(end, f.size)
                    if start >= end:
                        self.send_response(416)
                        self.send_header("Content-Range", f"bytes */{f.size}")
                        self.send_header("Content-Length", "0")
                        self.end_headers()
                        return
                    status = 206
                self.send_response(status)
                self.send_header("Content-Length", str(end - start))
                self.send_header("Content-Type", "application/octet-stream")
                self.send_header("Accept-Ranges", "bytes")
                if status == 206:
                    self.send_header("Content-Range", f"bytes {start}-{end - 1}/{f.size}")
                self.end_headers()
                with server.lock:
                    if body:
                        server.gets[f.server_path] = server.gets.get(f.server_path, 0) + 1
                    else:
                        server.heads += 1
                if not body:
                    return
                for piece in content(f.seed, f.size, start, end, prefix_of(f)):
                    for i in range(0, len(piece), SEND_SLICE):
                        part = piece[i:i + SEND_SLICE]
                        server.bucket.take(len(part))
                        self.wfile.write(part)
                        with server.lock:
                            server.bytes_sent += len(part)

        return Handler
