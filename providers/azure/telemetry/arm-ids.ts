/** ARM resource ids are case-insensitive: compare and key them in lower case. */
export function armId(id: string): string {
  return id.trim().toLowerCase().replace(/\/+$/, '');
}

export function subscriptionOf(id: string): string | undefined {
  return /\/subscriptions\/([^/]+)/i.exec(id)?.[1]?.toLowerCase();
}

/** The VNet a flow log target sits in (a VNet, a subnet of it, or undefined for a NIC target). */
export function vnetOf(target: string): string | undefined {
  const m = /^(.*\/providers\/microsoft\.network\/virtualnetworks\/[^/]+)/i.exec(target);
  return m?.[1] ? armId(m[1]) : undefined;
}
