# One image for every role (worker, scheduler, web). Chromium comes from Debian, never downloaded.
FROM node:20-bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends chromium openssl ca-certificates fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*
ENV PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 NODE_ENV=production VIGIL_CHROMIUM_PATH=/usr/bin/chromium
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
USER node
ENTRYPOINT ["node", "bin/vigil.js"]
CMD ["run"]
