"""Background work for personal data: building an export's ZIP."""

from django_tasks import task

from coalition.privacy import services


@task()
def build_export(export_id: int) -> str:
    export = services.build_export(export_id)
    return f"export {export_id}: {export.status if export else 'not queued'}"
