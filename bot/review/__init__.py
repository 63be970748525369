"""The tech-review request (handbook 000): an RFC for a customer, decided by Engineering, Product and Support."""
