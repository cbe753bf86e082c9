"""The printers package runs as a stand-alone print agent: it never touches queue_server."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import printers

PACKAGE = Path(printers.__file__).parent


def test_no_module_in_printers_imports_queue_server() -> None:
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            assert not any(n.split(".")[0] == "queue_server" for n in names), path


def test_importing_printers_loads_no_queue_server_module() -> None:
    code = (
        "import sys, printers.render, printers.drivers, printers.slip;"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'queue_server'))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=PACKAGE.parent
    )
    assert out.stdout.strip() == "[]"
