"""Signal step 5, decide: watching a check's slices, dating a change, recovery, the state of each
slice, fragility, and the alert cap that picks the few signals to raise."""
