"""Taking a request in: the stored request with its delivery steps, and the GitHub issue it becomes."""
