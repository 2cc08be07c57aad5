// In-context example generation and the ICE store.
