// Placeholder until the UI lands (same session).
