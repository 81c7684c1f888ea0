#!/usr/bin/python3
"""Render a self-contained HTML report in headless Chromium and check it.

Usage: render_html.py REPORT.html SCREENSHOT.png [--min-charts N]

Fails (exit 1) on JS exceptions, console/log errors, any non-local network
request, or an `svg.chart` that is missing, hidden, tiny or empty; exit 2 on
usage errors.  Needs Debian's `chromium` and `python3-websocket`, hence the
explicit /usr/bin/python3: other interpreters usually lack `websocket`.
"""
import argparse, base64, json, os, pathlib, re, shutil, signal, subprocess, sys, tempfile, time

try:
    import websocket  # Debian package python3-websocket (websocket-client)
except ImportError:
    websocket = None

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
LOCAL_SCHEMES = ("file:", "data:", "about:", "blob:")  # blob: never leaves the page
MAX_SHOT_HEIGHT = 8000

# Runs in the page and only reports facts, so all pass/fail policy stays in Python.
CHART_JS = r"""Array.from(document.querySelectorAll('svg.chart'), (svg, i) => {
  const t = svg.querySelector(':scope > title'), r = svg.getBoundingClientRect(),
        cs = getComputedStyle(svg);
  return {name: svg.id || (t && t.textContent.trim()) || ('chart #' + (i + 1)),
          w: r.width, h: r.height, display: cs.display, visibility: cs.visibility,
          // A chart in a closed <details> keeps its layout box; this catches it.
          shown: svg.checkVisibility ? svg.checkVisibility({visibilityProperty: true}) : true,
          shapes: svg.querySelectorAll('rect,path,line,polyline,circle').length};
})"""
# Give the page a couple of frames after `load` so errors from rAF/timers surface.
SETTLE_JS = ("new Promise(r => requestAnimationFrame("
             "() => requestAnimationFrame(() => setTimeout(r, 200))))")
HEIGHT_JS = ("Math.max(document.documentElement.scrollHeight,"
             " document.body ? document.body.scrollHeight : 0)")


class Cdp:
    """Tiny synchronous CDP client on the browser socket (flat sessions)."""
    def __init__(self, url, on_event):
        # Chromium >= 111 refuses DevTools websockets that carry an Origin header.
        self.ws = websocket.create_connection(url, timeout=30, suppress_origin=True)
        self.on_event, self.last_id = on_event, 0

    def recv(self, deadline, what):
        left = deadline - time.monotonic()
        try:
            if left <= 0:
                raise websocket.WebSocketTimeoutException()
            self.ws.settimeout(left)
            msg = json.loads(self.ws.recv())
        except websocket.WebSocketTimeoutException:
            raise TimeoutError(f"timed out waiting for {what}") from None
        if "method" in msg:
            self.on_event(msg)
        return msg

    def call(self, method, params=None, session=None, timeout=30):
        self.last_id += 1
        msg = {"id": self.last_id, "method": method, "params": params or {}}
        self.ws.send(json.dumps(dict(msg, sessionId=session) if session else msg))
        deadline = time.monotonic() + timeout
        while True:
            reply = self.recv(deadline, method)
            if reply.get("id") == self.last_id:
                if "error" in reply:
                    raise RuntimeError(f"{method} failed: {reply['error']}")
                return reply.get("result", {})

    def evaluate(self, expr, session, **extra):
        res = self.call("Runtime.evaluate",
                        dict(expression=expr, returnByValue=True, **extra), session)
        if "exceptionDetails" in res:
            raise RuntimeError(f"page script failed: {res['exceptionDetails'].get('text')}")
        return res["result"].get("value")

    def wait_until(self, predicate, timeout, what):
        deadline = time.monotonic() + timeout
        while not predicate():
            self.recv(deadline, what)


class PageWatch:
    """Collects problems from page events, which arrive during any CDP call."""
    def __init__(self):
        self.session, self.loaded, self.problems, self.errors = None, False, [], 0

    def error(self, text):
        self.errors += 1
        self.problems.append(text)

    def __call__(self, msg):
        if msg.get("sessionId") != self.session:
            return
        m, p = msg["method"], msg.get("params", {})
        if m == "Page.loadEventFired":
            self.loaded = True
        elif m == "Runtime.exceptionThrown":
            d = p["exceptionDetails"]
            desc = d.get("exception", {}).get("description") or d.get("text") or "?"
            desc = desc.splitlines()[0]  # first line only; the stack trace is noise here
            self.error(f"JS exception: {desc} ({d.get('url', '')}:{d.get('lineNumber', 0) + 1})")
        elif m == "Runtime.consoleAPICalled" and p["type"] in ("error", "assert"):
            args = " ".join(str(a.get("value", a.get("description", ""))) for a in p["args"])
            self.error(f"console.{p['type']}: {args}")
        elif m == "Log.entryAdded" and p["entry"]["level"] == "error":
            e = p["entry"]
            self.error(f"log error ({e.get('source')}): {e.get('text')} {e.get('url', '')}"
                       .rstrip())
        elif m in ("Network.requestWillBeSent", "Network.webSocketCreated"):
            url = p.get("request", p).get("url", "")
            if not url.startswith(LOCAL_SCHEMES):
                self.problems.append(f"non-local network request: {url}")


def start_chromium(tmp):
    # --headless=new exists since Chromium 112; older builds only know --headless.
    ver = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True, timeout=60).stdout
    m = re.search(r"(\d+)\.\d+\.\d+", ver)
    profile, log_path = os.path.join(tmp, "profile"), os.path.join(tmp, "chromium.log")
    args = [CHROMIUM, "--headless=new" if not m or int(m.group(1)) >= 112 else "--headless",
            "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-default-browser-check",
            f"--user-data-dir={profile}", "--remote-debugging-port=0",
            "--window-size=1280,2000", "--hide-scrollbars", "--mute-audio",
            # No network: names never resolve and http(s) to IP literals hits a dead
            # proxy.  Defence only; the Network.* events are what the check relies on.
            "--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=127.0.0.1:9",
            "--disable-background-networking", "--disable-component-update",
            "--disable-extensions", "--disable-sync", "about:blank"]
    with open(log_path, "wb") as log:  # own session/group, so killpg reaches every child
        proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                                start_new_session=True)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            with open(os.path.join(profile, "DevToolsActivePort")) as f:
                lines = f.read().split()
            if len(lines) >= 2:  # not written atomically: wait for both lines
                return proc, f"ws://127.0.0.1:{lines[0]}{lines[1]}"
        except FileNotFoundError:
            pass
        time.sleep(0.1)
    stop_chromium(proc)
    with open(log_path, errors="replace") as f:
        tail = "".join(f.readlines()[-15:])
    raise RuntimeError(f"chromium exposed no DevTools port in 20 s (exit {proc.poll()}):\n{tail}")


def stop_chromium(proc):
    # The profile is throwaway, so skip a graceful shutdown and kill the whole
    # group (browser, zygote, renderers, crashpad) at once.
    try:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        pass


def chart_problems(charts, min_charts):
    problems = []
    for c in charts:
        bad = [] if c["w"] > 50 and c["h"] > 50 else [f"size {c['w']:.0f}x{c['h']:.0f} px"]
        if c["display"] == "none" or c["visibility"] == "hidden":
            bad.append(f"display={c['display']} visibility={c['visibility']}")
        elif not c["shown"]:
            bad.append("not rendered (closed <details> or hidden ancestor?)")
        if c["shapes"] == 0:
            bad.append("no drawn shapes")
        if bad:
            problems.append(f"chart '{c['name']}': " + ", ".join(bad))
    if len(charts) < min_charts:
        problems.append(f"found {len(charts)} svg.chart element(s), expected >= {min_charts}")
    return problems


def check(report, shot, min_charts, tmp):
    proc, ws_url = start_chromium(tmp)
    try:
        watch = PageWatch()
        cdp = Cdp(ws_url, watch)
        target = cdp.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        s = watch.session = cdp.call("Target.attachToTarget",
                                     {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Runtime", "Log", "Page", "Network"):  # before navigating: miss nothing
            cdp.call(f"{domain}.enable", session=s)
        nav = cdp.call("Page.navigate", {"url": pathlib.Path(report).as_uri()}, session=s)
        if nav.get("errorText"):
            return [f"navigation failed: {nav['errorText']}"], None
        cdp.wait_until(lambda: watch.loaded, 30, "Page.loadEventFired")
        cdp.evaluate(SETTLE_JS, s, awaitPromise=True)
        charts = cdp.evaluate(CHART_JS, s)

        # Screenshot even when checks fail: it is the first thing to look at in CI.
        height = max(1, min(int(cdp.evaluate(HEIGHT_JS, s)), MAX_SHOT_HEIGHT))
        cdp.call("Emulation.setDeviceMetricsOverride", {"width": 1280, "height": height,
                 "deviceScaleFactor": 1, "mobile": False}, session=s)
        png = cdp.call("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True,
                       "clip": {"x": 0, "y": 0, "width": 1280, "height": height, "scale": 1}},
                       session=s, timeout=60)["data"]
        with open(shot, "wb") as f:
            f.write(base64.b64decode(png))
        summary = (f"{len(charts)} chart(s), {watch.errors} console error(s), "
                   f"screenshot {shot} (1280x{height})")
        return watch.problems + chart_problems(charts, min_charts), summary
    finally:
        stop_chromium(proc)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("report")
    ap.add_argument("screenshot")
    ap.add_argument("--min-charts", type=int, default=1)
    a = ap.parse_args()  # exits 2 on usage errors
    if not os.path.isfile(a.report):
        ap.error(f"no such report: {a.report}")
    if websocket is None:
        sys.exit("render_html: python module 'websocket' missing"
                 " (apt-get install python3-websocket)")
    if not os.access(CHROMIUM, os.X_OK):
        sys.exit(f"render_html: {CHROMIUM} not found (apt-get install chromium)")
    # CTest/CI timeouts send SIGTERM; make it an exception so the finally-blocks run.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("render_html: terminated"))

    tmp = tempfile.mkdtemp(prefix="render_html.")
    try:
        problems, summary = check(os.path.abspath(a.report), a.screenshot, a.min_charts, tmp)
    except (RuntimeError, TimeoutError, OSError, websocket.WebSocketException) as e:
        problems, summary = [f"{type(e).__name__}: {e}"], None
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    for p in problems:
        print(f"render_html: FAIL {a.report}: {p}", file=sys.stderr)
    if problems:
        sys.exit(1)
    print(f"render_html: OK {a.report}: {summary}")


if __name__ == "__main__":
    main()
