'use strict';
// Container health check (Dockerfile HEALTHCHECK and docker-compose): GET /health/live on the
// service's HTTP port. Exit 0 when it answers 2xx, 1 otherwise. No dependencies, Node >= 18.
const DEFAULT_PORTS = {
  intake: 3000,
  'signature-verification': 3001,
  routing: 3002,
  delivery: 3003,
  audit: 3004,
};
const path = process.argv[2] || '/health/live';
const port = Number(process.env.HTTP_PORT || DEFAULT_PORTS[process.env.SERVICE] || 3000);
const controller = new AbortController();
const timer = setTimeout(() => controller.abort(), 2500);
fetch(`http://127.0.0.1:${port}${path}`, { signal: controller.signal })
  .then((res) => {
    clearTimeout(timer);
    process.exit(res.ok ? 0 : 1);
  })
  .catch(() => process.exit(1));
