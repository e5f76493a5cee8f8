# geokg's command line and dashboard. docker-compose.yml runs this image twice against Neo4j: once as
# the seed loader, then as the dashboard. On its own it serves an embedded graph in the home folder:
#   docker build -t geokg . && docker run --rm -p 8050:8050 -e GEOKG_AUTH=user:password geokg
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /src
COPY pyproject.toml README.md ./
COPY geokg/ geokg/
COPY graph/ graph/
COPY loaders/ loaders/
COPY dashboard/ dashboard/
COPY seeds/ seeds/
RUN pip install .

RUN useradd --create-home --uid 10001 geokg
USER geokg
WORKDIR /home/geokg

EXPOSE 8050
CMD ["geokg", "serve", "--host", "0.0.0.0", "--port", "8050"]
