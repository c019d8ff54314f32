"""Pertinence: decide whether, why and how an organisation should use social media."""
