"""The shared kernel every domain uses: the request model, clock, errors, safe text, config, metrics."""
