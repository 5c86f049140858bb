/**
 * Azure RBAC action patterns: `*` matches any run of characters, `/` included (`Microsoft.Compute/*` and
 * `Microsoft.Compute/*\/write` both match `Microsoft.Compute/virtualMachines/write`); case-insensitive.
 */
const compiled = new Map<string, RegExp>();

export function actionMatches(pattern: string, action: string): boolean {
  let re = compiled.get(pattern);
  if (!re) {
    re = new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`, 'i');
    compiled.set(pattern, re);
  }
  return re.test(action);
}

export interface Permission {
  actions?: string[] | null;
  notActions?: string[] | null;
}

/** The pattern that grants `action` in one permission block (actions − notActions), or undefined. */
export function grantingPattern(p: Permission, action: string): string | undefined {
  const hit = (p.actions ?? []).find((a) => actionMatches(a, action));
  if (!hit) return undefined;
  return (p.notActions ?? []).some((n) => actionMatches(n, action)) ? undefined : hit;
}

/** The notActions pattern that removes `action` from a block that would otherwise grant it. */
export function removingPattern(p: Permission, action: string): string | undefined {
  if (!(p.actions ?? []).some((a) => actionMatches(a, action))) return undefined;
  return (p.notActions ?? []).find((n) => actionMatches(n, action));
}
