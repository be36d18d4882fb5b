"""Knowledge as data: entities, metrics, hedges, units, tolerances (see README)."""
