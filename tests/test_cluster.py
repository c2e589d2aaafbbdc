"""Choosing where a build runs (``--executor``, ``--scheduler``, ``data/build.yaml``): fast units.

The Dask path itself runs end to end in tests/test_build.py (a LocalCluster with a worker killed).
"""

from __future__ import annotations

import pytest

from briefing.build.cluster import check_choice, load_build_config
from briefing.build.options import BuildOptions, executor_choice
from briefing.errors import ConfigError, UsageError


def test_the_command_line_wins_over_build_yaml(tmp_path):
    config = tmp_path / "build.yaml"
    assert executor_choice(BuildOptions(build_config=config)) == ("local", "")  # no file: local
    config.write_text("executor: dask\nscheduler: tcp://10.0.0.5:8786\n", encoding="utf-8")
    assert executor_choice(BuildOptions(build_config=config)) == ("dask", "tcp://10.0.0.5:8786")
    assert executor_choice(BuildOptions(build_config=config, executor="local")) == ("local", "")
    assert executor_choice(BuildOptions(build_config=config, scheduler="tcp://h:1")) == ("dask", "tcp://h:1")


@pytest.mark.parametrize("text, message", [
    ("executor: spark\n", "executor: 'spark' is not one of local, dask"),
    ("executor: dask\nworkers: 4\n", "expected only the keys executor (local or dask) and scheduler"),
])
def test_a_wrong_build_yaml_names_the_file_and_the_fix(tmp_path, text, message):
    config = tmp_path / "build.yaml"
    config.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match="build.yaml") as err:
        load_build_config(config)
    assert message in str(err.value)


@pytest.mark.parametrize("executor, scheduler, message", [
    ("ray", "", "--executor 'ray': valid executors are local, dask"),
    ("local", "tcp://h:8786", "a scheduler is used only with --executor dask"),
    ("dask", "h:8786", "give the scheduler's address as tcp://HOST:PORT"),
])
def test_a_wrong_executor_choice_is_refused_with_the_option(executor, scheduler, message):
    with pytest.raises(UsageError) as err:
        check_choice(executor, scheduler)
    assert message in str(err.value)


def test_valid_choices_pass():
    check_choice("local", "")
    check_choice("dask", "")
    check_choice("dask", "tcp://127.0.0.1:8786")
