from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from coalition.core.models import CoalitionProfile


@receiver([post_save, post_delete], sender=CoalitionProfile)
def forget_cached_profile(**kwargs) -> None:
    cache.delete(CoalitionProfile.CACHE_KEY)
