# Portcullis image: built in one stage, run from a second that holds only dist/ and production dependencies.
#   docker build -t portcullis .
#   docker run -p 4000:4000 -e DATABASE_URL=... -e JWT_SECRET=... -e PLATFORM_ADMIN_PASSWORD=... portcullis
# compose.yaml runs two of these behind nginx with Postgres and Redis (README, "Production").
ARG NODE_VERSION=20

FROM node:${NODE_VERSION}-slim AS build
WORKDIR /app
# Dependencies first: this layer is reused until package*.json change.
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

FROM node:${NODE_VERSION}-slim AS runtime
ENV NODE_ENV=production \
    PORT=4000 \
    HOST=0.0.0.0 \
    PGLITE_DATA_DIR=/data
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
# Only used without DATABASE_URL (a single container on the embedded database): mount a volume at /data.
RUN mkdir -p /data && chown node:node /data
# The image's unprivileged user: the code and dependencies stay root-owned and read-only to the server.
USER node
EXPOSE 4000
# No curl in the slim image: Node's own fetch asks the unguarded liveness route.
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 4000) + '/health/liveliness').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Node is the container's main process (no npm in between), so `docker stop`'s SIGTERM reaches the server.
CMD ["node", "--enable-source-maps", "dist/main.js"]
