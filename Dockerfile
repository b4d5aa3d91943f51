# Antevorta as a container: a build stage on Debian 12 with the same install script as
# `make`, and a slim runtime stage that runs as an unprivileged user.
FROM debian:bookworm AS build
WORKDIR /src
COPY cmake/install-deps.sh cmake/install-deps.sh
RUN bash cmake/install-deps.sh && rm -rf /var/lib/apt/lists/*
COPY . .
RUN cmake --preset release -DANTEVORTA_BUILD_TESTS=OFF -DANTEVORTA_BUILD_BENCH=OFF \
 && cmake --build --preset release --target antevorta \
 && strip build/release/antevorta

FROM debian:bookworm-slim AS runtime
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      ca-certificates tini libssl3 libboost-url1.81.0 libspdlog1.10 libfmt9 \
      libsqlite3-0 libyaml-cpp0.7 libsimdjson14 \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --create-home --home-dir /var/lib/antevorta antevorta \
 && mkdir -p /var/lib/antevorta/data && chown antevorta:antevorta /var/lib/antevorta/data
COPY --from=build /src/build/release/antevorta /usr/local/bin/antevorta
COPY config /etc/antevorta/config
COPY docker/entrypoint.sh /usr/local/bin/antevorta-entrypoint
WORKDIR /var/lib/antevorta
USER antevorta
ENV ANTEVORTA_CONFIG_DIR=/etc/antevorta/config \
    ANTEVORTA__HTTP__LISTEN=0.0.0.0:8787
VOLUME ["/var/lib/antevorta/data"]
EXPOSE 8787
ENTRYPOINT ["/usr/bin/tini", "--", "/usr/local/bin/antevorta-entrypoint"]
CMD ["run"]
