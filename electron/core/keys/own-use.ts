/**
 * Telling keyscope's own use of a key from its owner's. Every signed call becomes the key's last use at AWS, and a
 * check signs GetCallerIdentity (sts) and, for long-term keys, GetAccessKeyLastUsed (iam) with the key itself. AWS
 * records last use at about a 15-minute granularity (DESIGN.md), so a last use by sts or iam within 15 minutes of
 * one of keyscope's own checks is keyscope's, and never counts as the owner's use.
 */

/** AWS records last use at a 15-minute granularity. */
export const OWN_USE_WINDOW_MS = 15 * 60 * 1000;

/** The services keyscope's own check signs with the key. */
const OWN_SERVICES: ReadonlySet<string> = new Set(['sts', 'iam']);

/** Whether a reported last use (`date`, `service`) is one of keyscope's own checks, given when keyscope checked. */
export function isKeyscopeOwnUse(date: string | null | undefined, service: string | undefined, ownCheckTimes: readonly string[]): boolean {
  if (!date || !service || !OWN_SERVICES.has(service)) return false;
  const used = Date.parse(date);
  if (Number.isNaN(used)) return false;
  return ownCheckTimes.some((t) => {
    const at = Date.parse(t);
    return !Number.isNaN(at) && Math.abs(used - at) <= OWN_USE_WINDOW_MS;
  });
}
