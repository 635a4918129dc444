"""Module 03: monitoring, quality scoring, calibration and coaching."""
