"""Import jobs: a CSV or XLSX file, mapped column by column onto one kind of record.

The file is read as a stream (csv over a text wrapper, openpyxl in read-only mode), so tens of
thousands of rows never sit in memory at once. Rows are validated by the target's own API
serializer, exactly as if each had been sent to the API, and written in batches; each row has
its own savepoint, so one bad row never spoils its neighbours. A dry run does the same work and
rolls every batch back.
"""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from rest_framework.exceptions import ValidationError

from accounts.models import User, Workspace
from simplycrm.api.errors import ApiError

from .. import import_targets
from ..events import emit_event
from ..models import ImportJob, ImportStatus, ImportTarget, IntegrationLog, LogKind, LogStatus
from .import_files import (
    CSV_SNIFF_BYTES,
    ImportFileError,
    check_xlsx_archive,
    detect_format,
    iter_rows,
    read_header,
)

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class TargetSpec:
    """How rows become records of one target."""

    # Import path of the API serializer that validates one record.
    serializer: str
    # Fields whose value identifies an existing record (update instead of create).
    match_fields: tuple[str, ...]
    # Name of the writers in `integrations.import_targets`: `<writer>_create` / `<writer>_update`.
    writer: str

    def create(self, **kwargs):
        return getattr(import_targets, f"{self.writer}_create")(**kwargs)

    def update(self, **kwargs):
        return getattr(import_targets, f"{self.writer}_update")(**kwargs)


# The serializers are those of the target modules' APIs, so an import validates like the API.
TARGETS: dict[str, TargetSpec] = {
    ImportTarget.CONTACTS: TargetSpec("sales.serializers.ContactSerializer", ("email",), "contact"),
    ImportTarget.COMPANIES: TargetSpec(
        "sales.serializers.CompanySerializer", ("domain",), "company"
    ),
    ImportTarget.PRODUCTS: TargetSpec("catalog.serializers.ProductSerializer", ("sku",), "product"),
    ImportTarget.OPPORTUNITIES: TargetSpec(
        "sales.serializers.OpportunitySerializer", (), "opportunity"
    ),
}


def serializer_class_for(target: str):
    try:
        return import_string(TARGETS[target].serializer)
    except ImportError as exc:
        raise ValidationError({"target": [f"Importing {target} is not available."]}) from exc


# --- Checking an upload ------------------------------------------------------------------------


def validate_mapping(
    *, target: str, mapping: dict, match_on: str, header: list[str]
) -> tuple[dict, str]:
    """Check the mapping against the file's header and the target's writable fields."""
    if not isinstance(mapping, dict) or not mapping:
        raise ValidationError({"mapping": ["Give a JSON object: column header -> field."]})
    serializer_fields = serializer_class_for(target)().fields
    writable = {name for name, field in serializer_fields.items() if not field.read_only}
    errors = []
    for column, field in mapping.items():
        if column not in header:
            errors.append(f"Column {column!r} is not in the file's header.")
        if field not in writable:
            errors.append(f"{field!r} is not a field of {target}.")
    if errors:
        raise ValidationError({"mapping": errors})
    if match_on:
        if match_on not in TARGETS[target].match_fields:
            choices = ", ".join(TARGETS[target].match_fields) or "none"
            raise ValidationError({"match_on": [f"{target} can match on: {choices}."]})
        if match_on not in mapping.values():
            raise ValidationError({"match_on": [f"No column is mapped to {match_on!r}."]})
    return mapping, match_on


def import_job_create(
    *,
    workspace: Workspace,
    upload,
    target: str,
    mapping: dict,
    match_on: str = "",
    dry_run: bool = False,
    created_by: User | None = None,
) -> ImportJob:
    """Check the upload and queue the job; the work itself happens in `import_job_run`."""
    if upload.size > settings.IMPORT_MAX_FILE_BYTES:
        raise ValidationError(
            {"file": [f"The file is larger than {settings.IMPORT_MAX_FILE_BYTES} bytes."]}
        )
    try:
        head = upload.read(CSV_SNIFF_BYTES)
        upload.seek(0)
        file_format = detect_format(upload.name, head)
        if file_format == "xlsx":
            check_xlsx_archive(upload)
        header = read_header(upload, file_format)
    except ImportFileError as exc:
        raise ValidationError({"file": [str(exc)]}) from exc
    upload.seek(0)
    validate_mapping(target=target, mapping=mapping, match_on=match_on, header=header)

    job = ImportJob.objects.create(
        workspace=workspace,
        file=upload,
        original_name=upload.name[:255],
        file_format=file_format,
        target=target,
        mapping=mapping,
        match_on=match_on,
        dry_run=dry_run,
        created_by=created_by,
    )
    transaction.on_commit(lambda: _enqueue(job.pk))
    logger.info(
        "imports.queued",
        extra={"workspace_id": workspace.pk, "import_job_id": job.pk, "target": target},
    )
    return job


def _enqueue(job_id: int) -> None:
    from ..tasks import run_import_job

    run_import_job.delay(job_id)


# --- Running a job ----------------------------------------------------------------------------


class _RowWriter:
    """Validates and writes one row at a time for one job."""

    def __init__(self, job: ImportJob, header: list[str]):
        self.job = job
        self.serializer_class = serializer_class_for(job.target)
        self.model = self.serializer_class.Meta.model
        self.columns = [(header.index(column), field) for column, field in job.mapping.items()]
        self.context = {"workspace": job.workspace, "request": None}
        self.spec = TARGETS[job.target]

    def write(self, row_number: int, row: list) -> list[dict]:
        """Write the row; return its errors (none when it was written)."""
        data = {}
        for index, field in self.columns:
            value = row[index] if index < len(row) else ""
            if value not in ("", None):
                data[field] = value.strip() if isinstance(value, str) else value
        instance = self._existing(data)
        serializer = self.serializer_class(
            instance, data=data, partial=instance is not None, context=self.context
        )
        if not serializer.is_valid():
            return _flatten(row_number, serializer.errors)
        data, user = serializer.validated_data, self.job.created_by
        try:
            with transaction.atomic():
                if instance is None:
                    self.spec.create(workspace=self.job.workspace, data=data, user=user)
                    self.job.created_count += 1
                else:
                    self.spec.update(instance=instance, data=data, user=user)
                    self.job.updated_count += 1
        except ValidationError as exc:
            return _flatten(row_number, exc.detail)
        except ApiError as exc:  # a rule of the target's service, e.g. a duplicate (409)
            field = exc.details.get("field")
            return [{"row": row_number, "field": field, "message": str(exc.detail)}]
        except Exception as exc:  # a database constraint the serializer did not foresee
            logger.info(
                "imports.row_rejected",
                extra={"import_job_id": self.job.pk, "row": row_number, "error": str(exc)},
            )
            return [{"row": row_number, "field": None, "message": "The row conflicts with data."}]
        return []

    def _existing(self, data: dict):
        match_on = self.job.match_on
        if not match_on or data.get(match_on) in (None, ""):
            return None
        return (
            self.model.objects.filter(workspace=self.job.workspace, **{match_on: data[match_on]})
            .order_by("pk")
            .first()
        )


def _flatten(row_number: int, detail, prefix: str = "") -> list[dict]:
    if isinstance(detail, dict):
        errors = []
        for field, value in detail.items():
            name = f"{prefix}.{field}" if prefix else str(field)
            errors.extend(_flatten(row_number, value, name))
        return errors
    if isinstance(detail, list):
        if all(
            isinstance(item, (str, bytes)) or not isinstance(item, (dict, list)) for item in detail
        ):
            field = None if prefix in ("", "non_field_errors") else prefix
            return [{"row": row_number, "field": field, "message": str(item)} for item in detail]
        errors = []
        for item in detail:
            errors.extend(_flatten(row_number, item, prefix))
        return errors
    return [{"row": row_number, "field": prefix or None, "message": str(detail)}]


def _count_data_rows(job: ImportJob) -> int:
    with job.file.open("rb") as file:
        rows = iter_rows(file, job.file_format)
        next(rows, None)
        total = 0
        for row in rows:
            if any(cell not in ("", None) for cell in row):
                total += 1
                if total > settings.IMPORT_MAX_ROWS:
                    raise ImportFileError(
                        f"The file has more than {settings.IMPORT_MAX_ROWS} rows."
                    )
        return total


def import_job_run(*, job_id: int) -> ImportJob:
    """Run a queued job to its end; never raises for a bad file or bad rows."""
    job = ImportJob.objects.select_related("workspace").get(pk=job_id)
    if job.status != ImportStatus.QUEUED:
        return job
    job.status, job.started_at = ImportStatus.RUNNING, timezone.now()
    job.save(update_fields=["status", "started_at", "updated_at"])

    try:
        job.total_rows = _count_data_rows(job)
        job.save(update_fields=["total_rows", "updated_at"])
        _process(job)
    except ImportFileError as exc:
        job.status, job.failure_reason = ImportStatus.FAILED, str(exc)
    else:
        # error_count counts rows, so the rest of the processed rows went (or would go) in.
        if job.error_count == 0:
            job.status = ImportStatus.SUCCEEDED
        elif job.processed_rows > job.error_count:
            job.status = ImportStatus.PARTIALLY_SUCCEEDED
        else:
            job.status = ImportStatus.FAILED
            job.failure_reason = "No row could be imported."
    job.finished_at = timezone.now()
    job.save()
    _finish(job)
    return job


def _process(job: ImportJob) -> None:
    with job.file.open("rb") as file:
        rows = iter_rows(file, job.file_format)
        header = [str(cell).strip() for cell in next(rows, [])]
        writer = _RowWriter(job, header)
        batch: list[tuple[int, list]] = []
        for row_number, row in enumerate(rows, start=2):
            if not any(cell not in ("", None) for cell in row):
                continue
            batch.append((row_number, row))
            if len(batch) >= settings.IMPORT_BATCH_SIZE:
                _write_batch(job, writer, batch)
                batch = []
        if batch:
            _write_batch(job, writer, batch)


def _write_batch(job: ImportJob, writer: _RowWriter, batch: list[tuple[int, list]]) -> None:
    with transaction.atomic():
        for row_number, row in batch:
            errors = writer.write(row_number, row)
            if errors:
                job.error_count += 1
                room = settings.IMPORT_MAX_REPORTED_ERRORS - len(job.errors)
                job.errors.extend(errors[: max(room, 0)])
        if job.dry_run:
            transaction.set_rollback(True)
    job.processed_rows += len(batch)
    ImportJob.objects.filter(pk=job.pk).update(
        processed_rows=job.processed_rows,
        error_count=job.error_count,
        created_count=job.created_count,
        updated_count=job.updated_count,
        updated_at=timezone.now(),
    )


def _finish(job: ImportJob) -> None:
    summary = {
        "id": job.pk,
        "target": job.target,
        "status": job.status,
        "dry_run": job.dry_run,
        "total_rows": job.total_rows,
        "processed_rows": job.processed_rows,
        "created": job.created_count,
        "updated": job.updated_count,
        "error_count": job.error_count,
    }
    with transaction.atomic():
        IntegrationLog.objects.create(
            workspace_id=job.workspace_id,
            kind=LogKind.IMPORT,
            status=LogStatus.FAILED if job.status == ImportStatus.FAILED else LogStatus.SUCCEEDED,
            import_job=job,
            target=f"{job.target} from {job.original_name}",
            request_payload=summary,
            error=job.failure_reason,
            duration_ms=int((job.finished_at - job.started_at).total_seconds() * 1000),
        )
        emit_event(workspace=job.workspace_id, type="import.finished", data={"object": summary})
    logger.info("imports.finished", extra={"workspace_id": job.workspace_id, **summary})
