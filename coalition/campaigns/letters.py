"""Letters to decision-makers: matching by postcode, the letter form, sending and throttling."""
