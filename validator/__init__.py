"""doccontract: REST API documentation made executable (extract, lint, contract-test)."""

__version__ = "0.1.0"
