from lantoa.cli.main import cli

cli(prog_name="lantoa")
