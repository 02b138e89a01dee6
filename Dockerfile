# syntax=docker/dockerfile:1
# One image for every DataMesh service. The container command picks the service:
#   docker run datamesh serve customers      (or catalog, orders, fulfillment, analytics, gateway)
# The packages ship TypeScript source that tsx (a dependency of @datamesh/cli) compiles on
# load, so there is no build step: the image is the sources plus production dependencies.

ARG NODE_IMAGE=node:20.20.2-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
# The npm that wrote package-lock.json (the root package.json's packageManager).
ARG NPM_VERSION=11.19.1
RUN npm install --global --no-audit --no-fund npm@${NPM_VERSION}
# Manifests first, so the dependency layer is rebuilt only when one of them changes.
COPY package.json package-lock.json ./
COPY platform/kit/package.json platform/kit/
COPY platform/cli/package.json platform/cli/
COPY platform/marketplace/package.json platform/marketplace/
COPY platform/products/package.json platform/products/
COPY platform/scaffold/package.json platform/scaffold/
COPY governance/package.json governance/
COPY gateway/package.json gateway/
COPY bench/package.json bench/
COPY subgraphs/analytics/package.json subgraphs/analytics/
COPY subgraphs/catalog/package.json subgraphs/catalog/
COPY subgraphs/customers/package.json subgraphs/customers/
COPY subgraphs/fulfillment/package.json subgraphs/fulfillment/
COPY subgraphs/orders/package.json subgraphs/orders/
RUN npm ci --omit=dev --no-audit --no-fund
COPY . .

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0
WORKDIR /app
# Sources and dependencies stay owned by root (read-only to the service); only the data
# directory, used for the embedded database when no DATABASE_URL is set, is writable.
COPY --from=build /app /app
RUN mkdir -p /app/.data && chown node:node /app/.data
USER node
# gateway 4000, customers 4001, catalog 4002, orders 4003, fulfillment 4004, analytics 4005
EXPOSE 4000-4006
ENTRYPOINT ["node", "platform/cli/bin/datamesh.js"]
CMD ["serve", "gateway"]
