"""Signal step 1, inputs: the outcomes table read once per check (casebook), the per-case streams
of each metric, and the segments worth watching."""
