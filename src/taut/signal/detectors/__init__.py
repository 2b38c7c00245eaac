"""Signal step 2, detectors: baseline estimates and the sequential tests that watch a stream
(Bernoulli CUSUM and GLR, blank-field GLR, latency and scale GLR, the spread band), chosen through
one registry."""
