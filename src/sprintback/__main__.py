from sprintback.cli.main import app

app(prog_name="sprintback")
