"""The pure domain core: models, measures, protocol, criteria and decisions.

Nothing here imports a framework, a database, the file system, the network or the clock:
dates are passed in, so every decision is a pure function of its inputs.
"""
