from bot.shell.cli import main


def test_import_show_and_export(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'rfh.db'}")
    first = tmp_path / "customers.csv"
    first.write_text("name,aliases,deployment,version,users\nInitéch,Initech Corp,Kubernetes/Helm,5.1.0,3000\n")
    assert main(["customers", "import", str(first)]) == 0
    assert "1 new, 0 updated, 0 unchanged" in capsys.readouterr().out
    second = tmp_path / "update.toml"
    second.write_text('[[customers]]\nname = "INITECH corp"\nversion = "5.2.0"\n')
    assert main(["customers", "import", str(second)]) == 0
    assert "0 new, 1 updated" in capsys.readouterr().out
    assert main(["customers", "import", str(second)]) == 0
    assert "1 unchanged" in capsys.readouterr().out

    assert main(["customers", "show", "initech"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Initéch (version 2), also known as Initech Corp")
    assert "Version" in out and "5.2.0" in out
    assert "v2" in out and "Version: 5.1.0 → 5.2.0" in out and "import update.toml" in out

    assert main(["customers", "export"]) == 0
    exported = capsys.readouterr().out
    assert 'name = "Initéch"' in exported and 'version = "5.2.0"' in exported
    assert main(["customers", "export", "--format", "csv"]) == 0
    assert capsys.readouterr().out.splitlines()[0].startswith("name,aliases,deployment")


def test_bad_input_is_one_line_and_exit_2(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'rfh.db'}")
    bad = tmp_path / "x.csv"
    bad.write_text("name,colour\nX,red\n")
    assert main(["customers", "import", str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "unknown column 'colour'" in err
    assert main(["customers", "import", str(tmp_path / "missing.csv")]) == 2
    assert "cannot read the file" in capsys.readouterr().err
    assert main(["customers", "show", "Nobody"]) == 1
    assert "no customer profile matches 'Nobody'" in capsys.readouterr().err
