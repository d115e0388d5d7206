"""The bundled themes, one TOML file each (package data: ``reader.themes``)."""
