"""Headless chromium driven over the DevTools protocol on a pipe (no network port for it),
shared by browser_probe.py (a page file laid out at a size) and browser_steps.py (a served
page followed as it changes). Device metrics are emulated before a page loads, so its media
queries see that width (chromium's own --window-size has a 500 px minimum)."""
import json
import os
import subprocess
import sys
import tempfile
import time


class Chromium:
    def __init__(self, chromium, limit_s=90):
        to_browser_r, to_browser_w = os.pipe()
        from_browser_r, from_browser_w = os.pipe()

        def child_fds():
            os.dup2(to_browser_r, 3)
            os.dup2(from_browser_w, 4)

        self.profile = tempfile.mkdtemp(prefix="fl-chromium-")
        self.browser = subprocess.Popen(
            [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars",
             "--remote-debugging-pipe", f"--user-data-dir={self.profile}", "about:blank"],
            preexec_fn=child_fds, pass_fds=(3, 4),
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_browser_r)
        os.close(from_browser_w)
        self.out = os.fdopen(to_browser_w, "wb")
        self.inp = os.fdopen(from_browser_r, "rb")
        self.buffer = b""
        self.next_id = 0
        self.deadline = time.time() + limit_s
        self.session = None

    def call(self, method, params=None, session=True):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session and self.session:
            message["sessionId"] = self.session
        self.out.write(json.dumps(message).encode() + b"\0")
        self.out.flush()
        while time.time() < self.deadline:
            while b"\0" not in self.buffer:
                chunk = os.read(self.inp.fileno(), 65536)
                if not chunk:
                    sys.exit(f"chromium closed the pipe during {method}")
                self.buffer += chunk
            raw, self.buffer = self.buffer.split(b"\0", 1)
            reply = json.loads(raw)
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    sys.exit(f"{method}: {reply['error']}")
                return reply["result"]
        sys.exit(f"no answer to {method} in time")

    def open_page(self, width, height, mobile, scale=None):
        targets = self.call("Target.getTargets", session=False)["targetInfos"]
        target = next(t["targetId"] for t in targets if t["type"] == "page")
        self.session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True},
                                 session=False)["sessionId"]
        self.call("Emulation.setDeviceMetricsOverride",
                  {"width": int(width), "height": int(height),
                   "deviceScaleFactor": scale or (3 if mobile else 1), "mobile": bool(mobile)})

    def evaluate(self, expression):
        result = self.call("Runtime.evaluate", {"expression": expression, "returnByValue": True})
        if "exceptionDetails" in result:
            sys.exit(f"the script failed: {result['exceptionDetails']}")
        return result["result"].get("value")

    def navigate(self, url):
        self.call("Page.navigate", {"url": url})
        time.sleep(0.05)
        while self.evaluate("document.readyState") != "complete":
            time.sleep(0.05)

    def close(self):
        try:
            self.call("Browser.close", session=False)
        except SystemExit:
            pass
        self.browser.wait(timeout=30)
