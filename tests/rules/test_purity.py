"""The rules and the document module stay pure Python: Django is never imported by them."""

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PURE_FILES = sorted(
    [*(ROOT / "workup" / "rules").rglob("*.py"), *(ROOT / "workup" / "document").rglob("*.py")]
)
STDLIB = set(sys.stdlib_module_names)


def test_importing_the_rules_in_a_fresh_interpreter_never_loads_django():
    code = (
        "import sys; import workup.rules.evaluate, workup.rules.catalogue, workup.document; "
        "loaded = [m for m in sys.modules if m == 'django' or m.startswith('django.')]; "
        "assert not loaded, loaded"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr


def test_pure_modules_import_only_the_standard_library_and_each_other():
    assert len(PURE_FILES) > 5
    for path in PURE_FILES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module or ""]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                assert top in STDLIB or name.startswith(("workup.rules", "workup.document")), (
                    f"{path}: {name}"
                )


def test_workup_package_init_is_empty():
    assert (ROOT / "workup" / "__init__.py").read_text(encoding="utf-8").strip() == ""
