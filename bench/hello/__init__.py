"""A bare Django project (`startproject` defaults, no database): the floor `make bench` measures Journos against."""
