from coalition.events.models.events import Event, Occurrence
from coalition.events.models.registrations import PersonalFeed, Registration

__all__ = ["Event", "Occurrence", "PersonalFeed", "Registration"]
