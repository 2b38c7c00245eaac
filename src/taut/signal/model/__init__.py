"""Signal step 3, model: the risk adjustment fitted on the baseline, the per-slice scores against
it, pooling of small segments towards their check, and day-to-day dispersion."""
