"""Fast tests, no trained model or running servers needed: `make test-fast`."""
