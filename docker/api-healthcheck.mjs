// The API image's HEALTHCHECK: GET /api/health where the API listens, with node itself
// (the image has no curl). Exit 0 when it answers 200 within 3 s, 1 otherwise.
const host = process.env.HOST || '127.0.0.1';
const port = process.env.PORT || '8000';
// An API listening on every address is reached through loopback.
const target = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
const authority = target.includes(':') ? `[${target}]:${port}` : `${target}:${port}`;

try {
  const response = await fetch(`http://${authority}/api/health`, {
    signal: AbortSignal.timeout(3000),
  });
  process.exit(response.ok ? 0 : 1);
} catch {
  process.exit(1);
}
