"""`python -m course` runs the CLI."""

from course.cli import main

main()
