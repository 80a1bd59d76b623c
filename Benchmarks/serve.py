#!/usr/bin/env python3
"""Load and fault benchmark of `lintas serve` (docs/serve.md), on loopback only, bounded in count
and time (stops by itself after --max-seconds, default 900, killing what it started).

    python3 Benchmarks/serve.py [--serve .build/release/lintas-serve] [--lintas .build/release/lintas]

1. A 10,000-employee agency (scripts/gen_agency.py --findings 20) exported to a workbook with
   `lintas export`; the reference answer: `lintas check --format html` of that workbook (its summary
   line) and `--format json` (its number of findings).
2. Load: 50 concurrent uploads of that workbook (every 10th asking for the .zip answer); each answer
   must be 200 with the reference summary (page) or the reference number of findings (zip). Prints
   p50/p95/max latency, the server's peak RSS (VmHWM) and the peak RSS of server + workers together
   (sampled every 20 ms), and the load average.
3. Faults, each while a well-behaved upload of the same workbook runs beside it (which must still
   be answered correctly): a zip bomb (1 GiB of zeros in one entry, ~1 MiB compressed) and a
   workbook bomb (a sheet inflating past the 256 MiB part limit); a 1 GiB body announced by
   Content-Length, and one sent chunked without it; a client sending one byte a second; 1,000
   requests with broken multipart. Each must be refused with its status within its limit.

Standard library only. Prints a Markdown report on stdout; progress on stderr.
"""
import argparse
import http.client
import io
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
import zlib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BOUNDARY = "----lintasBenchBoundary"


def log(*a):
    print(*a, file=sys.stderr, flush=True)


def multipart(fields, name, data):
    out = io.BytesIO()
    for k, v in fields:
        out.write(("--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n%s\r\n" % (BOUNDARY, k, v)).encode())
    out.write(("--%s\r\nContent-Disposition: form-data; name=\"file\"; filename=\"%s\"\r\n"
               "Content-Type: application/octet-stream\r\n\r\n" % (BOUNDARY, name)).encode())
    out.write(data)
    out.write(("\r\n--%s--\r\n" % BOUNDARY).encode())
    return out.getvalue()


def post(port, body, timeout=600):
    t0 = time.monotonic()
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    c.request("POST", "/check", body=body, headers={"Content-Type": "multipart/form-data; boundary=" + BOUNDARY})
    r = c.getresponse()
    data = r.read()
    c.close()
    return r.status, dict(r.getheaders()), data, time.monotonic() - t0


def summary_line(html):
    m = re.search(r"<header><h1>lintas</h1><p>(.*?)</p></header>", html)
    return m.group(1) if m else None


def rss_kib(pid, key="VmRSS"):
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith(key + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def children(pid):
    try:
        with open("/proc/%d/task/%d/children" % (pid, pid)) as f:
            return [int(x) for x in f.read().split()]
    except OSError:
        return []


class Sampler(threading.Thread):
    """Peak RSS of the server and of the server plus its worker processes, every 20 ms."""

    def __init__(self, pid):
        super().__init__(daemon=True)
        self.pid, self.peak_total, self.stop = pid, 0, False

    def run(self):
        while not self.stop:
            total = rss_kib(self.pid) + sum(rss_kib(c) for c in children(self.pid))
            self.peak_total = max(self.peak_total, total)
            time.sleep(0.02)


def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100.0 * (len(xs) - 1))))]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--serve", default=os.path.join(ROOT, ".build/release/lintas-serve"))
    ap.add_argument("--lintas", default=os.path.join(ROOT, ".build/release/lintas"))
    ap.add_argument("--employees", type=int, default=10000)
    ap.add_argument("--concurrency", type=int, default=50)
    ap.add_argument("--bad-requests", type=int, default=1000)
    ap.add_argument("--max-seconds", type=int, default=900)
    args = ap.parse_args()
    args.serve, args.lintas = os.path.abspath(args.serve), os.path.abspath(args.lintas)

    work = tempfile.mkdtemp(prefix="lintas-serve-bench-")
    procs = []

    def give_up():
        log("benchmark: over --max-seconds, stopping")
        for p in procs:
            p.kill()
        os._exit(2)

    watchdog = threading.Timer(args.max_seconds, give_up)
    watchdog.daemon = True
    watchdog.start()

    agency = os.path.join(work, "agency.yaml")
    book = os.path.join(work, "agency-10k.xlsx")
    subprocess.run([sys.executable, os.path.join(ROOT, "scripts/gen_agency.py"), "--employees", str(args.employees),
                    "--findings", "20", "--out", agency], check=True, stderr=subprocess.DEVNULL)
    subprocess.run([args.lintas, "export", agency, "-o", book], check=True, stdout=subprocess.DEVNULL)
    data = open(book, "rb").read()
    ref_html = subprocess.run([args.lintas, "check", book, "--format", "html", "--as-of", "2025-06-30"],
                              cwd=work, capture_output=True, text=True).stdout
    ref_summary = summary_line(ref_html)
    ref_json = json.loads(subprocess.run([args.lintas, "check", book, "--format", "json", "--as-of", "2025-06-30"],
                                         cwd=work, capture_output=True, text=True).stdout)
    ref_count = len([f for a in ref_json.get("agencies", []) for f in a.get("findings", [])]) if "agencies" in ref_json \
        else len(ref_json.get("findings", []))
    log("workbook: %d bytes; reference: %s; %d findings" % (len(data), ref_summary, ref_count))

    server = subprocess.Popen([args.serve, "--port", "0", "--max-checks", str(os.cpu_count() or 2),
                               "--queue", str(args.concurrency), "--queue-wait", "600", "--max-uploads", str(args.concurrency + 8),
                               "--check-timeout", "120", "--upload-timeout", "15", "--idle-timeout", "10"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    procs.append(server)
    port = int(re.search(r":(\d+)/", server.stdout.readline()).group(1))
    # The server's log is read as it comes (else a full pipe would stall it).
    log_lines = []
    threading.Thread(target=lambda: log_lines.extend(server.stderr), daemon=True).start()
    sampler = Sampler(server.pid)
    sampler.start()
    fields = [("as_of", "2025-06-30")]

    def good(i, out):
        zipped = i % 10 == 9
        body = multipart(fields + ([("answer", "zip")] if zipped else []), "agency-10k.xlsx", data)
        try:
            status, headers, payload, secs = post(port, body)
        except Exception as e:  # noqa: BLE001
            out[i] = (False, 0, "error " + repr(e))
            return
        ok = status == 200
        if ok and zipped:
            z = zipfile.ZipFile(io.BytesIO(payload))
            j = json.loads(z.read("lintas/findings.json"))
            n = len([f for a in j.get("agencies", []) for f in a.get("findings", [])]) if "agencies" in j else len(j.get("findings", []))
            ok = n == ref_count
        elif ok:
            ok = summary_line(payload.decode("utf-8", "replace")) == ref_summary
        out[i] = (ok, secs, status)

    # 2. Load.
    log("load: %d concurrent uploads" % args.concurrency)
    results = [None] * args.concurrency
    t0 = time.monotonic()
    threads = [threading.Thread(target=good, args=(i, results)) for i in range(args.concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    load_wall = time.monotonic() - t0
    load_avg = os.getloadavg()
    lat = [r[1] for r in results if r and r[0]]
    correct = sum(1 for r in results if r and r[0])
    server_peak = rss_kib(server.pid, "VmHWM")
    total_peak = sampler.peak_total

    # 3. Faults, each beside a good upload.
    faults = []

    def beside(name, fn, expect, limit):
        side = [None]
        g = threading.Thread(target=good, args=(0, side))
        g.start()
        t = time.monotonic()
        try:
            got = fn()
        except Exception as e:  # noqa: BLE001
            got = "error " + repr(e)
        secs = time.monotonic() - t
        g.join()
        faults.append((name, got, secs, expect, limit, side[0]))
        log("fault %s: %s in %.1f s; good upload beside: %s" % (name, got, secs, side[0]))

    zb = io.BytesIO()
    with zipfile.ZipFile(zb, "w", zipfile.ZIP_DEFLATED) as z:
        with z.open("bomb/pegawai.yaml", "w", force_zip64=True) as f:
            chunk = b"\0" * (1 << 20)
            for _ in range(1024):
                f.write(chunk)
    bomb = zb.getvalue()
    beside("zip bomb (1 GiB inflated, %d KiB sent)" % (len(bomb) >> 10),
           lambda: post(port, multipart(fields, "bomb.zip", bomb))[0], 422, 60)

    xb = io.BytesIO()
    with zipfile.ZipFile(xb, "w", zipfile.ZIP_DEFLATED) as z:
        src = zipfile.ZipFile(book)
        for item in src.infolist():
            if item.filename == "xl/worksheets/sheet1.xml":
                with z.open(item.filename, "w", force_zip64=True) as f:
                    f.write(b"<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>")
                    pad = b" " * (1 << 20)
                    for _ in range(300):
                        f.write(pad)
                    f.write(b"</sheetData></worksheet>")
            else:
                z.writestr(item, src.read(item.filename))
    xbomb = xb.getvalue()
    beside("workbook bomb (300 MiB sheet, %d KiB sent)" % (len(xbomb) >> 10),
           lambda: post(port, multipart(fields, "bomb.xlsx", xbomb))[0], "200 (Y001 at the workbook)", 60)

    def announced_gib():
        s = socket.create_connection(("127.0.0.1", port), timeout=30)
        s.sendall(("POST /check HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=%s\r\n"
                   "Content-Length: %d\r\n\r\n" % (BOUNDARY, 1 << 30)).encode())
        status = s.recv(4096).split(b" ")[1].decode()
        s.close()
        return int(status)
    beside("1 GiB body (Content-Length)", announced_gib, 413, 1)

    def chunked_gib():
        s = socket.create_connection(("127.0.0.1", port), timeout=30)
        s.sendall(("POST /check HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=%s\r\n"
                   "Transfer-Encoding: chunked\r\n\r\n" % BOUNDARY).encode())
        chunk = b"x" * (1 << 20)
        framed = b"%x\r\n" % len(chunk) + chunk + b"\r\n"
        sent = 0
        try:
            while sent < (1 << 30):
                s.sendall(framed)
                sent += len(chunk)
                s.settimeout(0)
                try:
                    head = s.recv(4096)
                    if head:
                        break
                except BlockingIOError:
                    pass
                s.settimeout(30)
            else:
                head = b""
        except (BrokenPipeError, ConnectionResetError):
            head = b""
        s.settimeout(30)
        if not head:
            try:
                head = s.recv(4096)
            except OSError:
                head = b""
        s.close()
        return "%s after %d MiB sent" % (head.split(b" ")[1].decode() if head else "closed", sent >> 20)
    beside("1 GiB body (chunked, no length)", chunked_gib, "413 after about 50 MiB", 30)

    def byte_a_second():
        s = socket.create_connection(("127.0.0.1", port), timeout=60)
        s.sendall(("POST /check HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=%s\r\n"
                   "Content-Length: 100000\r\n\r\n" % BOUNDARY).encode())
        s.settimeout(1.0)
        for _ in range(40):
            try:
                s.sendall(b"-")
            except OSError:
                break
            try:
                head = s.recv(4096)
                if head:
                    s.close()
                    return int(head.split(b" ")[1])
            except socket.timeout:
                pass
        s.close()
        return "no answer"
    beside("one byte a second", byte_a_second, 408, 17)

    def bad_multipart():
        statuses = {}
        lock = threading.Lock()
        per = args.bad_requests // 10

        def worker(k):
            for i in range(per):
                body = [b"--%s\r\nno colon\r\n\r\n" % BOUNDARY.encode(), b"garbage without boundary",
                        b"--%s\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.xlsx\"\r\n\r\nPK\3\4trunc" % BOUNDARY.encode()][i % 3]
                c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                c.request("POST", "/check", body=body, headers={"Content-Type": "multipart/form-data; boundary=" + BOUNDARY})
                st = c.getresponse().status
                c.close()
                with lock:
                    statuses[st] = statuses.get(st, 0) + 1
        ts = [threading.Thread(target=worker, args=(k,)) for k in range(10)]
        for t in ts:
            t.start()
        for t in ts:
            t.join()
        return " ".join("%d×%d" % (n, st) for st, n in sorted(statuses.items()))
    beside("%d bad multipart requests (10 at a time)" % args.bad_requests, bad_multipart, "400 each", 120)

    alive = post(port, multipart(fields, "agency-10k.xlsx", data))[0]
    sampler.stop = True
    server_peak = max(server_peak, rss_kib(server.pid, "VmHWM"))
    total_peak = max(total_peak, sampler.peak_total)
    server.send_signal(signal.SIGINT)
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        server.kill()
    # The server's private directories are `lintas-serve-XXXXXX` (mkdtemp's six characters); the
    # test suites' `lintas-serve-tmp-test-*` and this script's own are not counted.
    leftovers = [d for d in os.listdir(tempfile.gettempdir()) if re.fullmatch(r"lintas-serve-[A-Za-z0-9]{6}", d)]
    for f in os.listdir(work):
        os.remove(os.path.join(work, f))
    os.rmdir(work)

    print("### `lintas serve` under load and faults (Benchmarks/serve.py)\n")
    print("Workbook: %d employees (`scripts/gen_agency.py --findings 20`, `lintas export`), %.1f MiB; reference: %s, %d findings."
          % (args.employees, len(data) / 1048576.0, ref_summary, ref_count))
    print("Server: `--max-checks %d`, %d cores; load average after the load phase: %.2f %.2f %.2f.\n"
          % (os.cpu_count() or 2, os.cpu_count() or 2, *load_avg))
    print("| load | result |\n|---|---|")
    print("| %d concurrent uploads | %d/%d answered correctly in %.1f s |" % (args.concurrency, correct, args.concurrency, load_wall))
    if lat:
        print("| latency p50 / p95 / max | %.1f s / %.1f s / %.1f s |" % (pct(lat, 50), pct(lat, 95), max(lat)))
    print("| peak RSS: server / server + workers | %.0f MiB / %.0f MiB |" % (server_peak / 1024.0, total_peak / 1024.0))
    print("\n| hostile upload | answer | time | expected (bound) | good upload beside it |\n|---|---|---|---|---|")
    for name, got, secs, expect, limit, side in faults:
        print("| %s | %s | %.1f s | %s (< %s s) | %s |" % (name, got, secs, expect, limit,
                                                              "200, correct, %.1f s" % side[1] if side and side[0] else side))
    print("\nAfter all of it: a good upload answered %s; private directories left in $TMPDIR: %d; server log lines: %d "
          "(none with a file name: %s)." % (alive, len(leftovers), len(log_lines),
                                               not any("agency-10k" in l or "bomb" in l for l in log_lines)))
    watchdog.cancel()


if __name__ == "__main__":
    main()
