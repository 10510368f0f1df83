"""`python -m xxgk`: the same command line as `xxgk`."""

from xxgk.cli import app

app(prog_name="xxgk")
