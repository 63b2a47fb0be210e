/** Reads result elements into typed objects with AWS's member names, as the AWS CLI prints them. */
import { path, text, type XmlNode } from './xml.js';

/**
 * A member's type: text (`string` required, `string?` optional), an optional integer, or a nested structure, which is
 * required. Required means the caller relies on it: an answer without it did not come from AWS.
 */
export type Member = 'string' | 'string?' | 'integer?' | Spec;
export type Spec = { readonly [member: string]: Member };

/** An answer lacks a member the spec requires; `member` is its path, such as AccessKeyLastUsed.Region. */
export class MissingMemberError extends Error {
  constructor(readonly member: string) {
    super(`the answer has no <${member.split('.').at(-1)}>${member.includes('.') ? ` in <${member.split('.').slice(0, -1).join('.')}>` : ''}`);
  }
}

/** Reads the members a spec names; absent optional members are left out, as the AWS CLI leaves them out. */
export function readStruct(node: XmlNode | undefined, spec: Spec, at = ''): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, type] of Object.entries(spec)) {
    const where = at ? `${at}.${name}` : name;
    if (type === 'string' || type === 'string?') {
      const v = text(node, name);
      if (v !== undefined && (type === 'string?' || v.trim() !== '')) out[name] = v;
      else if (type === 'string') throw new MissingMemberError(where);
    } else if (type === 'integer?') {
      const v = text(node, name);
      if (v !== undefined && /^-?\d+$/.test(v.trim())) out[name] = Number(v.trim());
    } else {
      const inner = path(node, name);
      if (inner === undefined || typeof inner === 'string') throw new MissingMemberError(where);
      out[name] = readStruct(inner, type, where);
    }
  }
  return out;
}

export const CREDENTIALS_SPEC: Spec = { AccessKeyId: 'string', SecretAccessKey: 'string', SessionToken: 'string', Expiration: 'string' };
export const ASSUMED_ROLE_USER_SPEC: Spec = { AssumedRoleId: 'string', Arn: 'string' };
