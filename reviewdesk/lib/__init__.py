"""Library code that is not an app: no Django models, no views. The apps sit above it."""
