"""The app's pages, one file each; ``app.py`` lists them."""
