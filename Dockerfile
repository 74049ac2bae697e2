# The SimplyCRM image: web (gunicorn), worker and beat all run from it.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1

WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt

COPY . .
# collectstatic needs settings that load; this key exists only for the build step.
RUN SECRET_KEY=build-only-not-a-runtime-secret-$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n') \
    python manage.py collectstatic --noinput

RUN useradd --system --uid 10001 simplycrm && mkdir -p /app/media && chown simplycrm /app/media
USER simplycrm

EXPOSE 8000
CMD ["gunicorn", "simplycrm.wsgi:application", "--config", "gunicorn.conf.py"]
