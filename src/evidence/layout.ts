/** Where things sit in a bundle: names only, so the command line can use them without loading the schemas. */
export const MANIFEST_FILE = 'manifest.json';
/** Native log files pulled by live legs sit under this bundle folder; they are telemetry, not posture. */
export const BUNDLE_TELEMETRY_DIR = 'telemetry';
