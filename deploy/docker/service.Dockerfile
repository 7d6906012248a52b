# syntax=docker/dockerfile:1
# One image recipe for every xinfang service. Build from the repository root:
#   docker build -f deploy/docker/service.Dockerfile --build-arg SERVICE=intake -t xinfang/intake .
# Stages: manifests -> deps (npm install from the lockfile) -> build (turbo) -> prune (production deps) -> runtime.

ARG NODE_IMAGE=node:20-bookworm-slim

# Only the package manifests and the lockfile, so the dependency layer is reused until they change.
FROM ${NODE_IMAGE} AS manifests
WORKDIR /src
COPY . .
RUN mkdir /manifests \
 && cp package.json package-lock.json /manifests/ \
 && find libs services tests -maxdepth 2 -name package.json -exec cp --parents {} /manifests/ \;

# Dependencies of the service and of the libraries it uses, plus the root dev tools (tsc, turbo).
FROM ${NODE_IMAGE} AS deps
ARG SERVICE
WORKDIR /app
COPY --from=manifests /manifests/ ./
RUN test -n "${SERVICE}" || { echo "--build-arg SERVICE=<name> is required" >&2; exit 1; } \
 && npm install --workspace "@xinfang/${SERVICE}" --include-workspace-root --no-audit --no-fund

# Compile the service and, through dependsOn ^build, the libraries it depends on.
FROM deps AS build
ARG SERVICE
ENV TURBO_TELEMETRY_DISABLED=1
COPY tsconfig.base.json turbo.json ./
COPY libs/ libs/
COPY proto/ proto/
COPY services/${SERVICE}/ services/${SERVICE}/
RUN npx turbo run build --filter="@xinfang/${SERVICE}..."

# Drop dev dependencies and sources: only compiled output and runtime modules go on.
FROM build AS prune
ARG SERVICE
RUN npm prune --omit=dev --workspace "@xinfang/${SERVICE}" --include-workspace-root --no-audit --no-fund \
 && rm -rf .turbo node_modules/.cache proto \
 && find libs services -mindepth 2 -maxdepth 2 \( -name src -o -name test -o -name "tsconfig*.json" \) -exec rm -rf {} +

FROM ${NODE_IMAGE} AS runtime
ARG SERVICE
ENV NODE_ENV=production
# A fixed non-root uid/gid matching the chart's runAsUser/runAsGroup 10001.
RUN groupadd --gid 10001 xinfang \
 && useradd --uid 10001 --gid 10001 --no-create-home --shell /usr/sbin/nologin xinfang
# Files stay root-owned and read-only to the service: the pod runs with readOnlyRootFilesystem.
COPY --from=prune /app /app
WORKDIR /app/services/${SERVICE}
USER 10001:10001
# CMD cannot expand build args; WORKDIR carries the service instead (node resolves /app/node_modules).
CMD ["node", "dist/main.js"]
