"""Helpers shared by test modules: fixtures and builders that more than one test file needs."""
