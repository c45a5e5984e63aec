"""Admin for campaigns, evidence, tips, materials, decision-makers and letters."""
