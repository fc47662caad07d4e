#!/usr/bin/env python3
"""The browser test of `mcstat serve`: a real Chromium (Debian's, through chromium-driver and
Selenium) signs in with a submitter's token, uploads a sample export, sees the validation report
with the expected counts and one issue's hint, and signs out. Screenshots of the upload and report
pages go to --screenshots.

usage: serve-browser-test.py --mcstat PATH --sample FILE --screenshots DIR
"""
import argparse, json, os, re, subprocess, sys, tempfile, time

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait


def start_service(mcstat, work):
    # The store in a folder of its own: the inbox may not lie inside the store's folder.
    os.makedirs(os.path.join(work, "store"), exist_ok=True)
    store = os.path.join(work, "store", "mcstat.sqlite")
    added = subprocess.run([mcstat, "accounts", "add", "--role", "submitter", "--awarding-body", "DE-HRK-0815",
                            "--label", "TU Nordstadt", "--store", store], check=True, capture_output=True, text=True)
    token = re.search(r"^token: (\S+)$", added.stdout, re.M).group(1)
    server = subprocess.Popen([mcstat, "serve", "--listen", "127.0.0.1:0", "--store", store,
                               "--inbox", os.path.join(work, "inbox"), "--reports", os.path.join(work, "reports"),
                               "--audit-log", os.path.join(work, "audit.jsonl")],
                              stderr=subprocess.PIPE, text=True)
    line = server.stderr.readline()
    match = re.search(r"listening on (http://\S+)", line)
    if not match:
        server.kill()
        sys.exit(f"the service did not start: {line}")
    return server, match.group(1), token


def expected_counts(mcstat, sample):
    report = subprocess.run([mcstat, "validate", "--format", "json", sample], capture_output=True, text=True)
    document = json.loads(report.stdout)
    issue = next(i for i in document["files"][0]["issues"] if i["hint"])
    return document["totals"], issue


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--mcstat", required=True)
    parser.add_argument("--sample", required=True)
    parser.add_argument("--screenshots", required=True)
    args = parser.parse_args()
    os.makedirs(args.screenshots, exist_ok=True)
    totals, issue = expected_counts(args.mcstat, args.sample)
    with tempfile.TemporaryDirectory() as work:
        server, base, token = start_service(args.mcstat, work)
        options = webdriver.ChromeOptions()
        options.binary_location = "/usr/bin/chromium"
        for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1200,900"):
            options.add_argument(argument)
        browser = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
        wait = WebDriverWait(browser, 30)
        try:
            browser.get(base + "/")
            wait.until(EC.presence_of_element_located((By.ID, "token"))).send_keys(token)
            browser.find_element(By.ID, "sign-in").click()
            wait.until(EC.presence_of_element_located((By.ID, "file"))).send_keys(os.path.abspath(args.sample))
            browser.save_screenshot(os.path.join(args.screenshots, "upload.png"))
            browser.find_element(By.ID, "upload").click()
            wait.until(EC.presence_of_element_located((By.ID, "counts")))
            counts = browser.find_element(By.ID, "counts").text
            for key in ("read", "accepted", "rejected", "warnings"):
                expected = f"{totals[key]} {key}"
                assert expected in counts, f"report page shows {counts!r}, expected {expected!r}"
            hints = [cell.text for cell in browser.find_elements(By.CSS_SELECTOR, f"#reason-{issue['code']} td.hint")]
            assert issue["hint"] in hints, f"hint {issue['hint']!r} not among {hints!r}"
            assert browser.get_cookie("mcstat_session")["httpOnly"], "the session cookie must be HttpOnly"
            assert browser.get_cookie("mcstat_session")["sameSite"] == "Strict"
            browser.save_screenshot(os.path.join(args.screenshots, "report.png"))
            browser.find_element(By.ID, "sign-out").click()
            wait.until(EC.presence_of_element_located((By.ID, "token")))
            browser.get(base + "/upload")
            assert browser.find_elements(By.ID, "token"), "after signing out, /upload must lead back to the sign-in page"
            landed = [f for _, _, files in os.walk(os.path.join(work, "inbox", "DE-HRK-0815")) for f in files]
            assert len(landed) == 1, f"expected one landed file, found {landed}"
            print(f"browser test passed: {counts}; screenshots in {args.screenshots}")
        finally:
            browser.quit()
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
