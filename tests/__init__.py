"""The project's tests. A package, so that `tests.helpers` is ours even where a dependency
(textstat 0.7.8) installs a top-level `tests` package of its own into site-packages."""
