"""Publishing: the staging folder swapped into place, and the ledger of published links."""
