"""Reference implementations the fast or rule-driven code is checked against."""
