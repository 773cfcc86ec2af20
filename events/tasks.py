from celery import shared_task

from events import services


@shared_task
def send_event_reminders() -> int:
    """Run by beat: reminders for tomorrow's events (never twice per registration)."""
    return services.reminders_send()
