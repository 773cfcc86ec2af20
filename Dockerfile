# syntax=docker/dockerfile:1
# Multi-stage: dependencies are built once in `build`; the runtime image holds the
# virtualenv, the code and the collected static files, and runs as an unprivileged user.

FROM python:3.12-slim AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1
WORKDIR /app
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
COPY pyproject.toml ./
# Only the runtime dependencies (not the dev extra); the code itself is copied below.
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" > requirements.txt \
    && pip install --upgrade pip && pip install -r requirements.txt

FROM python:3.12-slim AS runtime
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=leedsquality.settings \
    CELERY_BEAT_SCHEDULE_FILE=/tmp/celerybeat-schedule
RUN useradd --create-home --uid 10001 leedsquality
WORKDIR /app
COPY --from=build /opt/venv /opt/venv
COPY --chown=leedsquality:leedsquality . .
# collectstatic needs settings that import; these values exist only for this step.
RUN DEBUG=0 SECRET_KEY=collectstatic-only ALLOWED_HOSTS=build EMAIL_HOST=build \
    DATABASE_URL=postgres://build@build/build python manage.py collectstatic --noinput
USER leedsquality
EXPOSE 8000
CMD ["gunicorn", "leedsquality.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
