/** AWS-style glob: `*` matches any run of characters (including `/` and `:`), `?` exactly one. */
export function globToRegExp(glob: string, flags = ''): RegExp {
  const body = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${body}$`, flags);
}
