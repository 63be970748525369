"""Related requests at intake: similar past requests and their answers, add-ons to an existing request, withdrawals."""
