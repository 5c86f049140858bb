/** Relative resource names from the URLs and names Google APIs print. */

/** `https://www.googleapis.com/compute/v1/projects/P/zones/Z/instances/N` → `projects/P/zones/Z/instances/N`. */
export function relativeName(url: string): string {
  return url
    .replace(/^https?:\/\/[^/]+\/compute\/(v1|beta|alpha)\//, '')
    .replace(/^\/\/[a-z.]+\.googleapis\.com\//, '')
    .replace(/^\/+/, '');
}

export function lastSegment(url: string): string {
  return url.split('/').pop() ?? url;
}

/** `us-central1-a` → `us-central1`: a zonal resource's region is its zone's region. */
export function zoneRegion(zone: string): string {
  return lastSegment(zone).replace(/-[a-z]$/, '');
}

/** The project named in a relative name (`projects/P/...`). */
export function projectOfName(name: string): string | undefined {
  return /^projects\/([^/]+)/.exec(relativeName(name))?.[1];
}
