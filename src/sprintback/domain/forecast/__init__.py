"""Return-to-play forecast, reinjury risk profile and maintenance monitoring (pure: stdlib only)."""
