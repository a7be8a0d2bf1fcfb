from pathlib import Path

import pytest

from t3gui.core.profile import ProfileError, load_profile


def test_profile_values_and_relative_paths(tmp_path: Path) -> None:
    path = tmp_path / "corp.toml"
    path.write_text('[target]\nhost = "t3.corp.example"\nport = 4443\n[tls]\nca_file = "corp-ca.pem"\n'
                    '[thresholds]\nlatency_warn_ms = 80\n', encoding="utf-8")
    profile = load_profile(path)
    assert profile.get("target", "host") == "t3.corp.example"
    assert profile.path_value("tls", "ca_file") == tmp_path / "corp-ca.pem"
    assert profile.thresholds().latency_warn_ms == 80


@pytest.mark.parametrize(("text", "problem"), [
    ("[target\nhost=1", "not valid TOML"),
    ("[colour]\nred = 1", "unknown section [colour]"),
    ("[target]\nhots = 'x'", "unknown key target.hots"),
    ("[target]\nport = 'x'", "target.port in the profile"),
    ("[diagnosis]\nstop_early = 1", "diagnosis.stop_early"),
])
def test_bad_profiles_name_the_problem(tmp_path: Path, text: str, problem: str) -> None:
    path = tmp_path / "p.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ProfileError, match=problem.replace("[", r"\[").replace("]", r"\]")):
        load_profile(path)
