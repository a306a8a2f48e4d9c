import { readFileSync } from 'node:fs';

/** What a build may be called: a Docker image tag (letters, digits, `_`, `.`, `-`). */
const BUILD_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

/**
 * The portal's version: the API package's version, then `+` and the build an image was made
 * from when there is one (`0.1.0+3f2c1ab`). docker/api.Dockerfile writes the build (the
 * PORTAL_VERSION the image is tagged with) into a file at build time, so two images of the
 * same package tell apart, and the version comes from the image, never from its settings.
 * Outside an image there is no such file and the package's version stands alone.
 */
export function portalVersion(packageJson: URL, buildFile: URL): string {
  const { version } = JSON.parse(readFileSync(packageJson, 'utf8')) as { version: string };
  let build = '';
  try {
    build = readFileSync(buildFile, 'utf8').trim();
  } catch {
    // not an image build
  }
  return BUILD_NAME.test(build) ? `${version}+${build}` : version;
}

/** Read once; shown by /api/health. */
export const VERSION: string = portalVersion(
  new URL('../package.json', import.meta.url),
  new URL('../build-version', import.meta.url),
);
