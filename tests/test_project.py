from weasel.util import load_project_config

from .conftest import PROJECT


def test_every_command_has_help_and_paths_resolve_to_single_items():
    config = load_project_config(PROJECT)
    for command in config["commands"]:
        assert command.get("help"), command["name"]
        for path in command.get("deps", []) + command.get("outputs", []) + command.get("outputs_no_cache", []):
            # confection joins a bare "${vars.x}" item with a following "${...}" item into one string
            assert ", " not in path, (command["name"], path)
        for line in command["script"]:
            assert not any(token in line.split() for token in ("|", "&&", ">", ";")), line


def test_workflow_all_runs_the_issue_steps_in_order():
    config = load_project_config(PROJECT)
    assert config["workflows"]["all"] == ["corpus", "vectors", "train", "tune-thresholds", "train-baseline", "evaluate", "package"]


def test_entry_points_cover_every_registered_factory():
    import tomllib

    pyproject = tomllib.loads((PROJECT / "pyproject.toml").read_text())
    factories = set(pyproject["project"]["entry-points"]["spacy_factories"])
    assert {"trial_outcomes_relation_extractor", "trial_outcomes_sentences", "trial_outcomes_abbreviations"} <= factories
