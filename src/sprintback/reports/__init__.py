"""What people look at and what other systems read: HTML reports, SVG charts, calendars, exports."""
