#!/usr/bin/env python3
"""The upload page of `lintas serve` in a real browser: headless Chromium driven by Selenium
(PyPI `selenium`) through Debian's `chromium-driver` (/usr/bin/chromedriver).

Starts the real `lintas-serve` on a free loopback port, opens the page, chooses the workbook in the
file input (no script of ours: the form works without JavaScript), presses the button, waits for
the report, checks the findings table and the matrix cascade, downloads JSON and the annotated
workbook (read back with openpyxl: a first Temuan sheet, comments at cells), takes screenshots of the form and the report, and checks the
browser's console for Content-Security-Policy violations. Prints a JSON summary; exit 0 when all
holds, 1 with the reason otherwise, 3 when the driver or selenium is missing.

    serve_upload.py --serve .build/debug/lintas-serve --workbook review.xlsx --out DIR
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import time


def fail(msg, code=1):
    print(json.dumps({"ok": False, "error": msg}))
    sys.exit(code)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--serve", required=True)
    ap.add_argument("--workbook", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--lang", default="id")
    args = ap.parse_args()

    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
        from selenium.webdriver.common.by import By
        from selenium.webdriver.support.ui import WebDriverWait
        from selenium.webdriver.support import expected_conditions as EC
    except ImportError:
        fail("selenium is not installed: python3 -m pip install selenium (or Debian's python3-selenium)", 3)
    driver_path = os.environ.get("LINTAS_CHROMEDRIVER") or shutil.which("chromedriver") or "/usr/lib/chromium/chromedriver"
    if not os.path.exists(driver_path):
        fail("chromedriver not found: apt-get install chromium-driver, or name it with LINTAS_CHROMEDRIVER", 3)
    chromium = os.environ.get("LINTAS_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        fail("chromium not found: apt-get install chromium, or name it with LINTAS_CHROMIUM", 3)

    os.makedirs(args.out, exist_ok=True)
    downloads = os.path.join(args.out, "downloads")
    os.makedirs(downloads, exist_ok=True)
    server = subprocess.Popen([args.serve, "--port", "0", "--host", "127.0.0.1"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    driver = None
    summary = {"ok": False}
    try:
        line = server.stdout.readline()
        if "http://" not in line:
            fail("lintas-serve did not start: " + line + server.stderr.read()[-500:])
        url = line.split()[2]
        summary["url"] = url

        opts = webdriver.ChromeOptions()
        opts.binary_location = chromium
        for a in ["--headless=new", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
                  "--disable-extensions", "--window-size=1280,1800",
                  "--user-data-dir=" + os.path.join(args.out, "profile")]:
            opts.add_argument(a)
        if os.getuid() == 0:
            opts.add_argument("--no-sandbox")
        opts.add_experimental_option("prefs", {
            "download.default_directory": downloads,
            "download.prompt_for_download": False,
            "safebrowsing.enabled": False,
        })
        opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        driver = webdriver.Chrome(service=Service(driver_path), options=opts)
        driver.set_page_load_timeout(120)

        driver.get(url + ("?lang=en" if args.lang == "en" else ""))
        if driver.title.strip() == "" or "lintas" not in driver.title:
            fail("the form page has no lintas title: " + driver.title)
        form = driver.find_element(By.CSS_SELECTOR, "form[enctype='multipart/form-data']")
        if form.get_attribute("action").rstrip("/").split("/")[-1] != "check":
            fail("the form does not post to /check")
        driver.save_screenshot(os.path.join(args.out, "form.png"))
        summary["formScreenshot"] = os.path.join(args.out, "form.png")
        # An assessment date in the past makes the deadline rules' outcome stable.
        date = driver.find_element(By.ID, "as_of")
        driver.execute_script("arguments[0].value = '2025-06-30'", date)
        driver.find_element(By.CSS_SELECTOR, "input[type=file][name=file]").send_keys(os.path.abspath(args.workbook))
        driver.find_element(By.CSS_SELECTOR, "button[type=submit]").click()

        WebDriverWait(driver, 120).until(EC.presence_of_element_located((By.CSS_SELECTOR, "table.findings")))
        rows = driver.find_elements(By.CSS_SELECTOR, "table.findings tr")
        cascades = driver.find_elements(By.CSS_SELECTOR, "svg.cascade")
        summary["findingRows"] = len(rows)
        summary["cascades"] = len(cascades)
        if len(rows) < 2:
            fail("the findings table is empty")
        if not cascades:
            fail("no matrix cascade in the report")
        # The report's own script ran under its CSP (it marks <html class="js">).
        summary["reportScript"] = "js" in (driver.find_element(By.TAG_NAME, "html").get_attribute("class") or "")
        driver.save_screenshot(os.path.join(args.out, "report.png"))
        summary["reportScreenshot"] = os.path.join(args.out, "report.png")

        links = {a.text: a for a in driver.find_elements(By.CSS_SELECTOR, "#lintas-serve a[download]")}
        summary["downloads"] = sorted(links)
        wanted = ["JSON"] + [k for k in links if k not in ("JSON", "CSV", "SARIF")]
        got = {}
        for label in wanted:
            if label not in links:
                fail("no %s download on the report page (has: %s)" % (label, ", ".join(sorted(links))))
            name = links[label].get_attribute("download")
            driver.execute_script("arguments[0].scrollIntoView()", links[label])
            links[label].click()
            path = os.path.join(downloads, name)
            deadline = time.time() + 30
            while time.time() < deadline and (not os.path.exists(path) or os.path.exists(path + ".crdownload")):
                time.sleep(0.2)
            if not os.path.exists(path):
                fail("the %s download did not arrive (%s)" % (label, name))
            got[label] = path
        with open(got["JSON"], encoding="utf-8") as f:
            findings = json.load(f)
        summary["jsonBytes"] = os.path.getsize(got["JSON"])
        summary["jsonHasFindings"] = "findings" in json.dumps(findings)[:100000]
        summary["downloaded"] = {k: os.path.basename(v) for k, v in got.items()}
        workbook = [v for k, v in got.items() if v.endswith(".xlsx")]
        if not workbook:
            fail("no annotated workbook among the downloads (%s)" % ", ".join(sorted(links)))
        try:
            import openpyxl
        except ImportError:
            fail("openpyxl is not installed: python3 -m pip install openpyxl", 3)
        book = openpyxl.load_workbook(workbook[0])
        comments = sum(1 for ws in book.worksheets for row in ws.iter_rows() for c in row if c.comment is not None)
        summary["annotatedSheets"] = book.sheetnames[:3]
        summary["annotatedComments"] = comments
        if book.sheetnames[0] not in ("Temuan", "Findings"):
            fail("the annotated workbook's first sheet is %r, not Temuan/Findings" % book.sheetnames[0])
        if comments < 1:
            fail("the annotated workbook has no comment at a cell")

        csp = [e["message"] for e in driver.get_log("browser") if "Content Security Policy" in e.get("message", "")]
        summary["cspViolations"] = csp
        if csp:
            fail("Content-Security-Policy violations: " + "; ".join(csp)[:800])
        summary["ok"] = True
        print(json.dumps(summary))
    finally:
        if driver is not None:
            driver.quit()
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()


if __name__ == "__main__":
    main()
