"""Reports: one render function per format over one model (findings, or contract outcomes)."""
