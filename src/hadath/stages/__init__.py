"""Pipeline stages after read: clean, dates, segment, entities, link, events."""
