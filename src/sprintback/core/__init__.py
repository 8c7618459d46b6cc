"""Values shared by the service layer and its adapters (the store, telemetry import), owned by neither.

`services/` declares the ports it needs (`services/ports.py`) and `store/` implements them; the rows and
records both sides speak about live here, so the store never imports the services and the services never
import the store. Pure Python, like the domain, but not clinical reasoning.
"""
