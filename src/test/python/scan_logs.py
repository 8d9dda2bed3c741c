"""Scans every log a full test run wrote (the Maven build's output, each server the Python tests
started) for secrets: recipients' bearer tokens, admin credentials, URL signatures and credentials.
Run by ./dev test after the suites; exits non-zero naming the file and the kind of secret found."""
import pathlib
import re
import sys

PATTERNS = {
    "a recipient bearer token or OAuth client secret": re.compile(r"dapi[0-9a-f]{64}"),
    "an OAuth access token": re.compile(r"lsat[0-9a-f]{112}"),
    "an activation link's code": re.compile(r"lsac[0-9a-f]{64}"),
    "a URL signature": re.compile(r"X-Amz-Signature=(?!<redacted>)[0-9A-Za-z%_-]{16,}"),
    "an S3 credential in a URL": re.compile(r"X-Amz-(?:Credential|Security-Token)=(?!<redacted>)[^&\s\"']{8,}"),
    "a JWT (OIDC federation)": re.compile(r"eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}"),
    "a bearer header value": re.compile(r"Bearer\s+(?!<redacted>)[0-9A-Za-z._~+/-]{16,}"),
    "a vended secret key or session token": re.compile(
        r"[\"'](?:secretAccessKey|sessionToken)[\"']\s*:\s*[\"'](?!<redacted>)[^\"']{8,}"
        r"|<(?:SecretAccessKey|SessionToken)>(?!<redacted>)[^<]{8,}"
    ),
}
# The admin credential of the Java tests' profile (application.properties, %test).
KNOWN_SECRETS = {"the test admin credential": "test-admin-token", "the MinIO secret key": "lakeshare-test-secret"}


def scan(root: pathlib.Path) -> list:
    logs = [p for p in root.rglob("*.log") if p.name in ("maven.log", "server.log")]
    secrets = dict(KNOWN_SECRETS)
    for admin_token in root.rglob("admin-token"):
        secrets[f"the admin credential in {admin_token}"] = admin_token.read_text().strip()
    findings = []
    for log in logs:
        text = log.read_text(errors="replace")
        findings += [f"{log}: {kind}" for kind, pattern in PATTERNS.items() if pattern.search(text)]
        findings += [f"{log}: {kind}" for kind, secret in secrets.items() if secret and secret in text]
    return logs, findings


if __name__ == "__main__":
    root = pathlib.Path(sys.argv[1])
    logs, findings = scan(root)
    if not logs:
        sys.exit(f"no logs found under {root}")
    if findings:
        sys.exit("Secrets found in logs:\n  " + "\n  ".join(findings))
    print(f"No secrets in {len(logs)} logs ({sum(p.stat().st_size for p in logs) // 1024} KiB)")
