FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DATABASE_URL=sqlite:////data/rfh.db RFH_PORT=3000

RUN useradd --create-home --uid 10001 rfh && mkdir /data && chown rfh /data
WORKDIR /app

# Dependencies first, pinned by the lock (runtime + the postgres extra), in their own layer: a code change does not
# reinstall them. Regenerate the lock with the command at its top.
COPY requirements.lock ./
RUN pip install -r requirements.lock

# Then the code, without dependencies (they are all above). It stays owned by root: read-only for the bot.
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY handlers ./handlers
COPY routing ./routing
COPY storage ./storage
COPY fakes ./fakes
RUN pip install --no-deps . && rm -rf build

USER rfh
VOLUME ["/data"]
EXPOSE 3000
# On RFH_PORT, like the server: change the port with -e RFH_PORT=8080 and both follow.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 CMD ["python", "-m", "bot.shell.healthcheck"]
CMD ["rfh", "serve", "--http", "--host", "0.0.0.0"]
