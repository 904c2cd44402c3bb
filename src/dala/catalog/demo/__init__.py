"""Demo data: vocabularies, places, people and works with pictures drawn in code (``dala demo``)."""
