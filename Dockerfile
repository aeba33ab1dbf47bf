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
# Should the image be run as root, Chromium drops to this user (capture.browserUser). As `node`,
# Chromium's sandbox needs user namespaces, which Docker's default seccomp profile forbids: Vigil
# then says so at start and records browser.sandbox: false in every capture manifest.
RUN useradd --system --no-create-home --shell /usr/sbin/nologin vigil-browser
USER node
ENTRYPOINT ["node", "bin/vigil.js"]
CMD ["run"]
