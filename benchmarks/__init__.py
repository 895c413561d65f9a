"""`make bench`: the provider's performance figures, each measured side by side in one run."""
