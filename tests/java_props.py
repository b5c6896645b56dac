"""A long-running Java process that loads .properties files with java.util.Properties."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

JAVA_SOURCE = Path(__file__).parent / "java" / "PropsDump.java"


def _unescape(text: str) -> str:
    units = re.sub(r"\\u([0-9a-f]{4})", lambda m: chr(int(m.group(1), 16)), text)
    # Java strings are UTF-16 code units; join surrogate pairs as Python does.
    return units.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")


class JavaProperties:
    """Compile PropsDump.java once and keep one JVM answering, so each example costs ~1 ms."""

    def __init__(self, workdir: Path) -> None:
        javac, java = shutil.which("javac"), shutil.which("java")
        assert javac and java
        subprocess.run([javac, "-d", str(workdir), str(JAVA_SOURCE)], check=True)
        self.proc = subprocess.Popen(
            [java, "-cp", str(workdir), "PropsDump"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )

    def load(self, path: Path) -> dict[str, str] | str:
        """The key/value pairs Java reads from `path`, or Java's error message."""
        assert self.proc.stdin and self.proc.stdout
        self.proc.stdin.write(f"{path}\n")
        self.proc.stdin.flush()
        head = self.proc.stdout.readline().rstrip("\n")
        if head.startswith("ERR "):
            return _unescape(head[4:])
        assert head.startswith("OK "), head
        result = {}
        for _ in range(int(head[3:])):
            key, value = self.proc.stdout.readline().rstrip("\n").split("\t")
            result[_unescape(key)] = _unescape(value)
        return result

    def close(self) -> None:
        if self.proc.stdin:
            self.proc.stdin.close()
        self.proc.wait(timeout=10)
        if self.proc.stdout:
            self.proc.stdout.close()
