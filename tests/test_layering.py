"""The package's stages import only earlier stages and the shared modules (issue 12)."""

import ast
from pathlib import Path

import briefing

PKG = Path(briefing.__file__).parent
# Stage order: a module may import its own stage, an earlier one, or a shared module.
STAGES = {"extraction": 1, "analysis": 2, "reporting": 3, "build": 4, "distribute": 5}
SHARED = {"config", "errors", "paths", "status", "tables", "yamlsafe", "atomic", "dates_util", "event"}


def _stage(module: str) -> int | None:
    head = module.split(".")[0]
    return STAGES.get(head)


def _imports(path: Path) -> list[str]:
    """Modules (relative to the package) that ``path`` imports, resolved from relative imports."""
    rel = path.relative_to(PKG).with_suffix("").parts
    package = list(rel[:-1]) if rel[-1] != "__init__" else list(rel[:-1])
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                target = [*base, *(node.module.split(".") if node.module else [])]
                names = [target + [a.name] for a in node.names] if not node.module else [target]
                out += [".".join(n) for n in names]
            elif node.module and node.module.startswith("briefing."):
                out.append(node.module.removeprefix("briefing."))
        elif isinstance(node, ast.Import):
            out += [a.name.removeprefix("briefing.") for a in node.names if a.name.startswith("briefing.")]
    return [m for m in out if m]


def test_no_stage_imports_a_later_stage():
    offences = []
    for path in sorted(PKG.rglob("*.py")):
        rel = path.relative_to(PKG)
        mine = _stage(".".join(rel.with_suffix("").parts))
        if mine is None:
            if rel.parts[0] in ("cli.py", "__init__.py", "__main__.py"):
                continue  # the entry points wire every stage together
            mine = 0  # a shared module imports no stage at all
        for target in _imports(path):
            theirs = _stage(target)
            if theirs is not None and theirs > mine:
                offences.append(f"{rel} imports {target}")
    assert not offences, "a stage imports a later one:\n" + "\n".join(offences)


def test_the_layering_check_sees_a_violation(tmp_path):
    # the checker itself: a relative import from extraction into reporting is found
    src = PKG / "extraction" / "_probe_layering.py"
    src.write_text("from ..reporting import present\n", encoding="utf-8")
    try:
        assert [_stage(m) for m in _imports(src)] == [STAGES["reporting"]]
    finally:
        src.unlink()
