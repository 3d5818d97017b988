# syntax=docker/dockerfile:1
# The bot as a container: `docker build -t clientlists-bot .`; settings come from the environment
# (README: Configuration). Dependencies are installed from requirements.lock (exact versions with hashes;
# `make lock` refreshes it), so an image built later holds what the tests ran against.

FROM python:3.11-slim-bookworm AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
WORKDIR /src
COPY requirements.lock ./
# Wheels only: no compiler in this stage either, and nothing is built from a source archive.
RUN pip install --require-hashes --only-binary=:all: -r requirements.lock
RUN python -m compileall -q /opt/venv/lib

FROM python:3.11-slim-bookworm
# A system user without a shell or a home of its own; /data is the only place it writes.
RUN useradd --system --uid 10001 --no-create-home --shell /usr/sbin/nologin bot \
    && mkdir -p /data && chown bot:bot /data && chmod 700 /data
COPY --from=build /opt/venv /opt/venv
# The bot's own packages run from /app as they are (no build step: nothing to compile).
WORKDIR /app
COPY bot ./bot
COPY handlers ./handlers
COPY services ./services
COPY storage ./storage
COPY validators ./validators
COPY sheets ./sheets
COPY i18n ./i18n
RUN python -m compileall -q /app
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONPATH=/app \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    DATABASE_URL=sqlite:////data/clientlists.db \
    HTTP_HOST=0.0.0.0 \
    HTTP_PORT=8080
USER bot
VOLUME ["/data"]
EXPOSE 8080
# The bot stops within 8 s of SIGTERM (docker's default grace is 10 s).
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=30s --timeout=10s --start-period=20s --retries=3 \
    CMD ["python", "-m", "bot", "healthcheck"]
CMD ["python", "-m", "bot"]
