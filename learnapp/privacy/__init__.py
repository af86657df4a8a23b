"""People's data: the register, the privacy notice, download my data, erasure and retention."""
