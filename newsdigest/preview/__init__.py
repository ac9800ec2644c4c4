"""``build.py serve``: build, serve output on localhost, rebuild on save, reload open pages."""
