"""Signal step 4, thresholds: calibration by simulation, the shipped table, its builder, and the
lookup a scan uses to turn a false-alarm budget into a detector threshold."""
