"""Learned components: feature extraction, a numpy softmax classifier and its training data."""
