# syntax=docker/dockerfile:1
# Canary Operator image: build with the .NET SDK, run on the chiseled ASP.NET Core runtime (the operator hosts
# Kestrel for /metrics, /healthz and /readyz). The runtime image has no shell and no package manager.
#   docker build -t ghcr.io/canary-operator/canary-operator:0.1.0 .
#
# Not trimmed and not NativeAOT on purpose: KubernetesClient (de)serializes its models through reflection, which
# trimming breaks (measured: 24 trim warnings, and the trimmed binary fails on the first Rollout it reads). ReadyToRun
# saves some start-up CPU but no memory and is per-architecture; figures in charts/canary-operator/README.md.

# ---- build: the same `dotnet publish` CI runs (.ci/run), so the image holds the output CI tested.
# Framework-dependent, portable output: build on the builder's own platform for any target platform.
FROM --platform=$BUILDPLATFORM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY Directory.Build.props Directory.Packages.props .editorconfig ./
# Only src/ is needed today; if the executable starts embedding files from elsewhere (examples/), copy them too.
COPY src/ src/
RUN --mount=type=cache,id=nuget,target=/root/.nuget/packages \
    dotnet publish src/CanaryOperator -c Release -o /out

# ---- runtime
FROM mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled
WORKDIR /app
COPY --from=build /out ./
# The images' non-root "app" user, by number so Kubernetes can verify runAsNonRoot (the chart runs as 1654).
USER 1654:1654
EXPOSE 8090
ENTRYPOINT ["dotnet", "/app/canary-operator.dll"]
CMD ["run"]
