"""Tests on the real Rasa model and the real servers (REST, Teams, the browser): `make test`."""
