"""Admin for actions, partners' links and participations."""
