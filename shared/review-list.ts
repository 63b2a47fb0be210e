/**
 * The findings table's terms, shared by the page that shows it and the review worker that holds the findings and
 * answers its pages (electron/handlers/review-held.ts): the severities in order, the page's size, and a finding's
 * resource as a row reads it (the resource sort orders by that text). Pure: no Node, no DOM.
 */
import type { FindingResourceView, SeverityView } from './review-model.js';
import { escapeControls } from './safe-text.js';

/** Severities, most severe first. */
export const SEVERITIES: readonly SeverityView[] = ['critical', 'high', 'medium', 'low', 'info'];

/**
 * Findings listed at once, and at each "List more"; the most a request for findings (review:findings) asks. A review
 * of a report of 100,000 users has 200,000 findings: a table of them all took a minute to draw in the page.
 */
export const FINDINGS_PAGE = 500;

/** Resolved findings sent with a review (a review of a report since replaced can resolve 200,000); an export lists all. */
export const RESOLVED_LISTED = 500;

/** How a finding's resource reads, escaped: profile, user, key, account. */
export function resourceText(f: { readonly Resource: FindingResourceView }): string {
  const r = f.Resource;
  const parts = [r.Profile ? `profile ${r.Profile}` : null, r.User ? `user ${r.User}` : null, r.AccessKeyId ?? r.KeySlot ?? null, r.Account ? `account ${r.Account}` : null];
  return escapeControls(parts.filter(Boolean).join(', ') || '—');
}
