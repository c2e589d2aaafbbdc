"""The kernel template's fast parts: which kernel specs it serves, and a template that is gone.

Kernels forked from the template run for real in tests/test_build.py (the reports' bytes, in
either order, with one report changing settings) and tests/test_faults.py (a dead kernel, an
endless cell, SIGTERM).
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from briefing.build.kernels import KernelTemplate, TemplateGone, _ForkedKernel, template_prefix


@pytest.mark.parametrize("argv, prefix", [
    (["/venv/bin/python", "-Xfrozen_modules=off", "-m", "ipykernel_launcher", "-f", "{connection_file}"],
     ["/venv/bin/python", "-Xfrozen_modules=off"]),
    (["python", "-m", "ipykernel_launcher", "-f", "{connection_file}"], ["python"]),
    (["python", "-m", "ipykernel", "-f", "{connection_file}"], None),  # another entry point: started the ordinary way
    (["/opt/conda/bin/R", "--slave", "-e", "IRkernel::main()", "--args", "{connection_file}"], None),
])
def test_only_ipykernel_launcher_specs_get_a_template(argv, prefix):
    assert template_prefix(argv) == prefix


def test_a_template_that_exits_says_so_when_asked_for_a_kernel(tmp_path):
    template = KernelTemplate([sys.executable, "-c", "raise SystemExit(3)"], str(tmp_path))
    with pytest.raises(TemplateGone, match="the kernel template exited with status 3"):
        template.fork(["-f", str(tmp_path / "k.json")], str(tmp_path), {})
    template.close()


def test_a_forked_kernel_is_alive_until_its_process_is_gone():
    proc = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    kernel = _ForkedKernel(proc.pid)
    assert kernel.poll() is None
    with pytest.raises(subprocess.TimeoutExpired):
        kernel.wait(timeout=0.05)
    kernel.kill()
    proc.wait()  # reaped, as the template reaps a kernel that ends
    assert kernel.poll() is not None and kernel.wait(timeout=1) == kernel.returncode
