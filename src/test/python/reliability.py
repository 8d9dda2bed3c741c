"""The figures RELIABILITY.md publishes, written by the specs that measure them.

A spec calls ``record(section, title, markdown)`` with what it measured; ``./dev test`` (and
``./dev fuzz``) then run this module, which rewrites each section of RELIABILITY.md from the figures
of that run, with the machine and the date. A section nobody recorded this run is left as it was, so
a partial run never erases figures it did not measure.
"""

import datetime
import json
import os
import pathlib
import platform
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parents[3]
FIGURES = ROOT / "target" / "reliability"
DOCUMENT = ROOT / "RELIABILITY.md"

# The order sections appear in; a section not listed goes after these, alphabetically.
ORDER = [
    "bad-input", "durability", "catalog-disk", "damaged-tables", "containment", "log-injection",
    "secrets-at-rest", "revocation", "replicas", "floods", "load", "fuzz",
]


def record(section: str, title: str, markdown: str) -> None:
    """Keeps what a spec measured for RELIABILITY.md's section ``section``."""
    FIGURES.mkdir(parents=True, exist_ok=True)
    (FIGURES / f"{section}.json").write_text(json.dumps({"title": title, "body": markdown.strip()}))


class Section:
    """A section of RELIABILITY.md that specs fill one proven behaviour (a bullet) at a time.

    A spec calls ``check`` after its assertions passed, so the section lists exactly what this run
    proved; a spec that failed adds nothing.
    """

    def __init__(self, name: str, title: str):
        self.name, self.title = name, title

    def check(self, line: str) -> None:
        path = FIGURES / f"{self.name}.json"
        body = json.loads(path.read_text())["body"] + "\n" if path.exists() else ""
        record(self.name, self.title, body + f"- {line.strip()}")


def machine() -> str:
    cores = os.cpu_count()
    memory = ""
    try:
        kib = int(next(l for l in open("/proc/meminfo") if l.startswith("MemTotal")).split()[1])
        memory = f", {kib / 1024 / 1024:.0f} GiB"
    except (OSError, StopIteration):
        pass
    return f"{platform.system()} {platform.machine()}, {cores} cores{memory}, Java and Python as `./dev test` installs them"


def _sections(text: str) -> dict:
    found = {}
    for match in re.finditer(r"<!-- section:(\S+) -->\n(.*?)<!-- /section:\1 -->\n", text, re.S):
        found[match.group(1)] = match.group(0)
    return found


def _render(section: str, figures: dict, when: str) -> str:
    return (f"<!-- section:{section} -->\n## {figures['title']}\n\n"
            f"_Measured {when} on {machine()}._\n\n{figures['body']}\n<!-- /section:{section} -->\n")


def rewrite() -> int:
    head = DOCUMENT.read_text().split("<!-- section:", 1)[0] if DOCUMENT.exists() else ""
    sections = _sections(DOCUMENT.read_text()) if DOCUMENT.exists() else {}
    when = datetime.date.today().isoformat()
    fresh = sorted(FIGURES.glob("*.json")) if FIGURES.exists() else []
    for path in fresh:
        sections[path.stem] = _render(path.stem, json.loads(path.read_text()), when)
    order = {name: i for i, name in enumerate(ORDER)}
    names = sorted(sections, key=lambda n: (order.get(n, len(ORDER)), n))
    DOCUMENT.write_text(head.rstrip("\n") + "\n\n" + "\n".join(sections[n] for n in names))
    print(f"RELIABILITY.md: {len(fresh)} section(s) rewritten from this run")
    return 0


if __name__ == "__main__":
    sys.exit(rewrite())
