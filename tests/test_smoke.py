def test_version(run):
    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout.startswith("lianxi ")


def test_bundled_data_validates(run):
    result = run("validate")
    assert result.exit_code == 0, result.output
