"""BENCHMARKS.md is written by more than one benchmark: each owns sections between
<!-- section:NAME --> markers, and rewrites only its own, keeping the others' as they were."""
import os
import pathlib
import platform
import re
import subprocess

ROOT = pathlib.Path(__file__).resolve().parents[1]
REPORT = ROOT / "BENCHMARKS.md"
SECTION = re.compile(r"<!-- section:(?P<name>[\w-]+) -->\n.*?<!-- /section:(?P=name) -->\n", re.S)


def machine() -> str:
    cpu = next((l.split(":", 1)[1].strip() for l in pathlib.Path("/proc/cpuinfo").read_text().splitlines()
                if l.startswith("model name")), platform.processor())
    mem = int(re.search(r"MemTotal:\s+(\d+)", pathlib.Path("/proc/meminfo").read_text()).group(1)) / 1024 / 1024
    java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]
    return f"{os.cpu_count()} cores ({cpu}), {mem:.0f} GiB memory, {java}, {platform.system()} {platform.release()}"


def sections(text: str) -> dict:
    return {m.group("name"): m.group(0) for m in SECTION.finditer(text)}


def replace_section(name: str, body: str) -> None:
    """Puts the section in BENCHMARKS.md, in place of its last version or at the end."""
    block = f"<!-- section:{name} -->\n{body.rstrip()}\n<!-- /section:{name} -->\n"
    text = REPORT.read_text() if REPORT.exists() else "# Benchmarks\n"
    old = sections(text).get(name)
    REPORT.write_text(text.replace(old, block) if old else text.rstrip("\n") + "\n\n" + block)


def write_keeping_sections(text: str) -> None:
    """Writes BENCHMARKS.md from text, then the other benchmarks' sections of the old file after it."""
    kept = sections(REPORT.read_text()) if REPORT.exists() else {}
    own = sections(text)
    extra = "".join(block for name, block in kept.items() if name not in own)
    REPORT.write_text(text.rstrip("\n") + ("\n\n" + extra if extra else "\n"))
