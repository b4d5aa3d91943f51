# Antevorta container image.
#   build:   Debian 12 with the build dependencies of cmake/install-deps.sh (without the test,
#            benchmark and formatting tools); the antevorta binary in release, stripped.
#   runtime: Debian 12 with only the binary, the shared libraries it loads (found by
#            docker/runtime-deps.sh: ldd → dpkg -S), CA certificates and config/. Runs as the
#            unprivileged user antevorta (uid 10001) in /app; /app/data is a link to the
#            /data volume, so the database (data/antevorta_<mode>.db by default) and the API
#            token file live in the volume.
# Build: docker build -t antevorta .   Test without a Docker engine: make docker-test.
# BuildKit (the default builder of Docker 23+) is needed for the ccache mount below.

FROM debian:bookworm AS build
WORKDIR /src
COPY cmake/install-deps.sh cmake/install-deps.sh
COPY docker/build-deps.sh docker/build-deps.sh
RUN bash docker/build-deps.sh cmake/install-deps.sh
COPY CMakeLists.txt CMakePresets.json ./
COPY cmake cmake
COPY include include
COPY src src
# The dashboard is compiled into the binary (src/api embeds web/dashboard).
COPY web web
# Only the stripped binary is kept (/out); the build tree (gigabytes of objects with debug
# information) is not, and ccache keeps the objects between builds of changed sources.
RUN --mount=type=cache,id=antevorta-ccache,target=/root/.cache/ccache \
    export CCACHE_DIR=/root/.cache/ccache CCACHE_MAXSIZE=2G \
 && cmake --preset release -DANTEVORTA_BUILD_TESTS=OFF -DANTEVORTA_BUILD_BENCH=OFF >/dev/null \
 && cmake --build build/release --target antevorta \
 && install -D --strip build/release/antevorta /out/antevorta \
 && rm -rf build \
 && /out/antevorta version
COPY docker/runtime-deps.sh docker/runtime-deps.sh
RUN bash docker/runtime-deps.sh /out/antevorta > /out/runtime-packages \
 && echo "runtime packages:" $(cat /out/runtime-packages)

FROM debian:bookworm AS runtime
COPY --from=build /out/runtime-packages /tmp/runtime-packages
RUN apt-get update -qq \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      ca-certificates $(cat /tmp/runtime-packages) \
 && apt-get clean \
 && rm -rf /var/lib/apt/lists/* /tmp/runtime-packages \
 && useradd --system --uid 10001 --user-group --home-dir /app --no-create-home \
      --shell /usr/sbin/nologin antevorta \
 && mkdir -p /app /data \
 && chown antevorta:antevorta /data \
 && ln -s /data /app/data
COPY --from=build /out/antevorta /usr/local/bin/antevorta
COPY docker/healthcheck.sh /usr/local/bin/antevorta-healthcheck
COPY config /app/config
WORKDIR /app
USER antevorta
# Inside the container the API listens on every interface; publish it on the host's
# loopback only (docker-compose.yml: 127.0.0.1:8787:8787).
ENV ANTEVORTA__HTTP__LISTEN=0.0.0.0:8787
VOLUME ["/data"]
EXPOSE 8787
HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 \
  CMD ["antevorta-healthcheck"]
ENTRYPOINT ["antevorta"]
CMD ["run", "--config-dir", "/app/config"]
