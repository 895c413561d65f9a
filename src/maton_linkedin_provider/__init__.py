"""Apache Airflow provider for the LinkedIn REST API through the Maton gateway."""

__version__ = "0.1.0"
