"""The quality figures printed at the end of a run add up every worker's counts."""

import json

from tests.quality import figures


class Reporter:
    def __init__(self):
        self.lines = []

    def section(self, title):
        self.lines.append(f"== {title}")

    def write_line(self, line):
        self.lines.append(line)


class Config:
    pass


def test_the_summary_adds_up_every_workers_file(tmp_path, monkeypatch):
    monkeypatch.setattr(figures, "FIGURES_DIR", tmp_path)
    (tmp_path / "gw0-1.json").write_text(json.dumps({"authz_checks": 100, "hostile_inputs": 30}))
    (tmp_path / "gw1-2.json").write_text(json.dumps({"authz_checks": 56, "vnu_errors": 0}))
    reporter = Reporter()
    figures.report(reporter, Config())
    text = "\n".join(reporter.lines)
    assert "== quality figures" in text
    lines = reporter.lines
    assert any(line.startswith("URL x role") and line.endswith(" 156") for line in lines)
    assert any(line.startswith("hostile inputs tried") and line.endswith(" 30") for line in lines)


def test_a_fresh_run_forgets_the_last_runs_figures(tmp_path, monkeypatch):
    monkeypatch.setattr(figures, "FIGURES_DIR", tmp_path)
    (tmp_path / "gw0-1.json").write_text("{}")
    worker = Config()
    worker.workerinput = {"workerid": "gw0"}
    figures.reset_files(worker)  # a worker never deletes: the controller already did
    assert list(tmp_path.glob("*.json"))
    figures.reset_files(Config())
    assert not list(tmp_path.glob("*.json"))
