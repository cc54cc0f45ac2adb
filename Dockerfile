# One build, two runtime images:
#   target "app": the API (PROCESS_ROLE=api) or the projector (command: node .../projector.js)
#   target "web": nginx serving the Angular build and balancing /api/ over the API instances
FROM node:20-bookworm AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npx nest build api && cd apps/web && npx ng build --configuration production && cd ../.. && npm prune --omit=dev

FROM node:20-bookworm-slim AS app
ENV NODE_ENV=production
# V8's heap for the API and the projector, as `npm start` sets it (scripts/lib.mjs, docs/deploy.md
# "Memory"); raise the limit here, or in the service's environment, for a history with a bigger live heap.
ENV NODE_OPTIONS="--max-old-space-size=1024"
WORKDIR /app
COPY --from=build /src/package.json ./
COPY --from=build /src/node_modules ./node_modules
COPY --from=build /src/dist ./dist
USER node
EXPOSE 3000
CMD ["node", "dist/apps/api/apps/api/src/main.js"]

FROM nginx:1.27-alpine AS web
COPY deploy/nginx.conf /etc/nginx/conf.d/default.conf
COPY --from=build /src/apps/web/dist/browser /usr/share/nginx/html
