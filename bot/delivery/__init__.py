"""Durable work: the step worker (issue, post, confirmation), the job scheduler, and retries."""
