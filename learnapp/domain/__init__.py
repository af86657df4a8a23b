"""Pure domain core: no Flask, no SQLAlchemy; plain values in, plain values out."""
