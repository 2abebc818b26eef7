"""Small trained artefacts shipped with the package, and their loaders."""
