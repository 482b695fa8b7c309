"""The app's helpers: cached data access and translated text. Only this package
and app.py import streamlit."""
