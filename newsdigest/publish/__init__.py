"""The build half: content/ -> output/."""
