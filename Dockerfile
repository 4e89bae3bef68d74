# syntax=docker/dockerfile:1
# Build: cgo is on because the SQLite driver is C.
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=1 go build -trimpath -ldflags "-s -w" -o /out/timestreak ./cmd/timestreak \
 && install -d -m 0700 /out/data

# Run: a small glibc image (the binary links libc dynamically), no root.
# Time zones come from the binary itself (time/tzdata is embedded).
FROM gcr.io/distroless/base-debian12:nonroot
COPY --from=build /out/timestreak /usr/local/bin/timestreak
COPY --from=build --chown=65532:65532 /out/data /data
ENV TIMESTREAK_ADDR=:8080 \
    TIMESTREAK_DATA_DIR=/data
VOLUME ["/data"]
EXPOSE 8080
USER nonroot:nonroot
# The healthcheck reads TIMESTREAK_ADDR, the variable the server listens
# on, so the two agree wherever the address is set (here or in compose).
# The first check comes an interval after the start: no start period needed.
HEALTHCHECK --interval=30s --timeout=3s --retries=3 \
  CMD ["/usr/local/bin/timestreak", "healthcheck"]
ENTRYPOINT ["/usr/local/bin/timestreak"]
CMD ["serve"]
