/**
 * A decoded authorization message in plain words, above its tree: allowed or denied, by an explicit deny or for want
 * of an allow, the action, the resource, who asked, and the statements that matched. The message's shape is AWS's
 * (allowed, explicitDeny, matchedStatements.items, context.principal/action/resource); anything missing says so.
 * What the message says is shown escaped.
 */
import { escapeControls } from '../format';

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? escapeControls(v) : null);

/** A matched statement in a line: its id or source policy, its effect, its actions. */
function statementText(s: Json): string {
  const id = str(s.statementId) ?? str(s.sid) ?? str(obj(s.sourcePolicy).policyName) ?? 'a statement without an id';
  const effect = str(s.effect);
  const actions = obj(s.actions).items;
  const list = Array.isArray(actions) ? actions.map((a) => str(obj(a).value) ?? str(a)).filter(Boolean).join(', ') : null;
  return `${id}${effect ? ` (${effect})` : ''}${list ? ` on ${list}` : ''}`;
}

export function DecodedSummary({ decoded }: { decoded: unknown }) {
  const m = obj(decoded);
  const context = obj(m.context);
  const allowed = m.allowed === true;
  const explicit = m.explicitDeny === true;
  const items = obj(m.matchedStatements).items;
  const matched = Array.isArray(items) ? items.map((s) => statementText(obj(s))) : [];
  const principal = obj(context.principal);
  const verdict = allowed ? 'Allowed' : explicit ? 'Denied by an explicit deny' : 'Denied: no policy allowed it (no explicit deny)';
  return (
    <div className={`decoded-summary ${allowed ? 'allowed' : 'denied'}`} data-testid="decoded-summary">
      <p>
        <strong>{verdict}</strong>
      </p>
      <dl className="facts">
        <dt>Action</dt>
        <dd>
          <code>{str(context.action) ?? 'not in the message'}</code>
        </dd>
        <dt>Resource</dt>
        <dd>
          <code>{str(context.resource) ?? 'not in the message'}</code>
        </dd>
        {(str(principal.arn) ?? str(principal.name)) && (
          <>
            <dt>Who asked</dt>
            <dd>
              <code>{str(principal.arn) ?? str(principal.name)}</code>
            </dd>
          </>
        )}
        <dt>Matched statement{matched.length === 1 ? '' : 's'}</dt>
        <dd>{matched.length === 0 ? (allowed ? 'none listed' : 'none: nothing allowed this action on this resource') : matched.join('; ')}</dd>
      </dl>
    </div>
  );
}
