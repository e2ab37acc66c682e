"""course: compile Markdown lessons and YAML quizzes into a static course site."""

__version__ = "0.1.0"
