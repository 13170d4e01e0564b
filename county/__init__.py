"""Reference county platform server: FastAPI app, its models and migrations, and the admin CLI."""
