"""The bundled articles, the library a new user starts with (package data: ``reader.seeds``)."""
